#pragma once
// Every QSettings key of the desktop client and its default, declared once. No secrets here:
// the API key lives in the keychain only.

#include <QString>

namespace findata::app::settings {

inline QString agentUrlKey() {
    return QStringLiteral("agent/url");
}
inline QString defaultAgentUrl() {
    return QStringLiteral("http://127.0.0.1:8000");
}
/// Whether the key of agent/url is in the keychain, so the next start signs in by itself.
inline QString rememberKey() {
    return QStringLiteral("agent/remember");
}
inline QString geometryKey() {
    return QStringLiteral("window/geometry");
}
inline QString windowStateKey() {
    return QStringLiteral("window/state");
}
inline QString currentPageKey() {
    return QStringLiteral("window/page");
}
/// "en", "tr" or empty for the system locale.
inline QString languageKey() {
    return QStringLiteral("ui/language");
}

}  // namespace findata::app::settings
