# Read by cpack itself (CPACK_PROJECT_CONFIG_FILE), where quotes survive unescaped.
# CPack 3.25 believes rpm 4.18 has no weak dependencies (it probes `rpm --suggests`), so the
# agent's Recommends goes into the spec preamble directly; the %if keeps it off the desktop rpm.
if(CPACK_GENERATOR STREQUAL "RPM")
  set(CPACK_RPM_SPEC_MORE_DEFINE
      "%if \"%{name}\" == \"findata-agent\"\nRecommends: postgresql-server, clickhouse-server\n%endif")
endif()
# The archive generator would install /etc/findata/agent.conf into the real /etc; with DESTDIR
# the tarball holds usr/… and etc/findata/agent.conf, to unpack at /.
if(CPACK_GENERATOR STREQUAL "TGZ")
  set(CPACK_SET_DESTDIR ON)
  set(CPACK_INSTALL_PREFIX ${CPACK_PACKAGING_INSTALL_PREFIX})
  set(CPACK_PACKAGING_INSTALL_PREFIX "")
endif()
