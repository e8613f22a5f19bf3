# Packages: CPack turns the install components `agent` and `desktop` into separate .deb and .rpm
# packages (findata-agent, findata-desktop) plus one .tar.gz per component.
#   cpack -B <dir> --config <build>/CPackConfig.cmake     (tests/packaging/package_test.sh)

# Packages install under /usr; the unit, the config file and the maintainer scripts name that
# prefix, so it is fixed here rather than taken from CMAKE_INSTALL_PREFIX (/usr/local for make install).
set(FINDATA_PACKAGE_PREFIX /usr)
set(FINDATA_PACKAGE_DIR ${CMAKE_CURRENT_LIST_DIR})
set(FINDATA_PACKAGE_BINARY_DIR ${PROJECT_BINARY_DIR}/packaging)

# --- agent: unit, config file, maintainer scripts ---------------------------------------------
configure_file(${FINDATA_PACKAGE_DIR}/findata-agent.service.in
               ${FINDATA_PACKAGE_BINARY_DIR}/findata-agent.service @ONLY)
install(FILES ${FINDATA_PACKAGE_BINARY_DIR}/findata-agent.service
        DESTINATION lib/systemd/system COMPONENT agent)
# An absolute destination: /etc is not under the /usr prefix. CPack's DEB and RPM generators
# install it as given; the archive keeps it under etc/ (cpack-project.cmake).
install(FILES ${FINDATA_PACKAGE_DIR}/agent.conf DESTINATION /etc/findata COMPONENT agent)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/findata-agent COMPONENT agent)

# --- desktop: .desktop file, AppStream metainfo, hicolor icon ---------------------------------
if(FINDATA_BUILD_DESKTOP)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/io.findata.Desktop.desktop
          DESTINATION share/applications COMPONENT desktop)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/io.findata.Desktop.metainfo.xml
          DESTINATION share/metainfo COMPONENT desktop)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/findata.svg
          DESTINATION share/icons/hicolor/scalable/apps RENAME io.findata.Desktop.svg
          COMPONENT desktop)
endif()

# --- CPack --------------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME findata)
set(CPACK_PACKAGE_VENDOR "findata")
set(CPACK_PACKAGE_CONTACT "findata maintainers <maintainers@findata.io>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://findata.io")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${FINDATA_PACKAGE_PREFIX})
set(CPACK_GENERATOR DEB RPM TGZ)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL agent)
if(FINDATA_BUILD_DESKTOP)
  list(APPEND CPACK_COMPONENTS_ALL desktop)
endif()
set(CPACK_COMPONENT_AGENT_DISPLAY_NAME "findata agent")
set(CPACK_COMPONENT_AGENT_DESCRIPTION
    "Validates banks' loan-portfolio files, loads them into ClickHouse and serves a REST API.")
set(CPACK_COMPONENT_DESKTOP_DISPLAY_NAME "findata desktop client")
set(CPACK_COMPONENT_DESKTOP_DESCRIPTION
    "Qt client for operators: upload files, follow syncs, browse the warehouse.")

# .tar.gz: one archive per component.
set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
set(CPACK_ARCHIVE_AGENT_FILE_NAME findata-agent-${PROJECT_VERSION}-${CMAKE_SYSTEM_PROCESSOR})
set(CPACK_ARCHIVE_DESKTOP_FILE_NAME findata-desktop-${PROJECT_VERSION}-${CMAKE_SYSTEM_PROCESSOR})

# .deb
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_AGENT_PACKAGE_NAME findata-agent)
set(CPACK_DEBIAN_AGENT_PACKAGE_SECTION database)
# adduser for the system account in postinst; the database servers are only needed for the
# embedded mode (an agent given --pg-url/--clickhouse-url uses remote ones), hence Recommends.
set(CPACK_DEBIAN_AGENT_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_AGENT_PACKAGE_RECOMMENDS "postgresql, clickhouse-server")
set(CPACK_DEBIAN_AGENT_PACKAGE_CONTROL_EXTRA
    ${FINDATA_PACKAGE_DIR}/debian/postinst ${FINDATA_PACKAGE_DIR}/debian/prerm
    ${FINDATA_PACKAGE_DIR}/debian/postrm ${FINDATA_PACKAGE_DIR}/debian/conffiles)
set(CPACK_DEBIAN_DESKTOP_PACKAGE_NAME findata-desktop)
set(CPACK_DEBIAN_DESKTOP_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_DESKTOP_PACKAGE_SUGGESTS "findata-agent")

# .rpm (rpmbuild from Debian's rpm package builds it here; the scriptlets assume systemd)
set(CPACK_RPM_COMPONENT_INSTALL ON)
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "Proprietary")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Databases")
set(CPACK_PACKAGE_RELOCATABLE OFF)
set(CPACK_RPM_AGENT_PACKAGE_NAME findata-agent)
set(CPACK_RPM_AGENT_PACKAGE_REQUIRES_PRE "shadow-utils")
# Settings cpack reads at packaging time (the RPM's weak dependencies; see that file).
set(CPACK_PROJECT_CONFIG_FILE ${FINDATA_PACKAGE_DIR}/cpack-project.cmake)
set(CPACK_RPM_AGENT_POST_INSTALL_SCRIPT_FILE ${FINDATA_PACKAGE_DIR}/rpm/post.sh)
set(CPACK_RPM_AGENT_PRE_UNINSTALL_SCRIPT_FILE ${FINDATA_PACKAGE_DIR}/rpm/preun.sh)
set(CPACK_RPM_AGENT_POST_UNINSTALL_SCRIPT_FILE ${FINDATA_PACKAGE_DIR}/rpm/postun.sh)
set(CPACK_RPM_AGENT_USER_FILELIST "%config(noreplace) /etc/findata/agent.conf")
set(CPACK_RPM_DESKTOP_PACKAGE_NAME findata-desktop)
# Directories the system owns; the packages must not claim them.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/lib/systemd /usr/lib/systemd/system /usr/share/applications
    /usr/share/metainfo /usr/share/icons /usr/share/icons/hicolor
    /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps)

include(CPack)
