#pragma once
// Every QSettings entry of the desktop client, its key and its default declared once (as
// KeePassXC's Config.cpp): code reads and writes them through these entries, never by a bare
// key. No secrets here: the API key lives in the keychain only.

#include <QByteArray>
#include <QLatin1StringView>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace findata::app::settings {

/// One settings entry: its key and the value it reads as until it is written.
template <typename T>
struct Setting {
    QString key;
    T defaultValue{};

    T read(const QSettings& settings) const {
        return settings.value(key, QVariant::fromValue(defaultValue)).template value<T>();
    }
    void write(QSettings& settings, const T& value) const { settings.setValue(key, value); }
    void reset(QSettings& settings) const { settings.remove(key); }
};

/// The agent the client signs in to.
inline const Setting<QString> kAgentUrl{QLatin1StringView("agent/url"),
                                        QStringLiteral("http://127.0.0.1:8000")};
/// Whether the key of agent/url is in the keychain, so the next start signs in by itself.
inline const Setting<bool> kRemember{QLatin1StringView("agent/remember"), false};
inline const Setting<QByteArray> kGeometry{QLatin1StringView("window/geometry")};
inline const Setting<QByteArray> kWindowState{QLatin1StringView("window/state")};
/// The id of the page shown last.
inline const Setting<QString> kCurrentPage{QLatin1StringView("window/page")};
/// "en", "tr" or empty for the system locale.
inline const Setting<QString> kLanguage{QLatin1StringView("ui/language")};
/// Rows the Data view asks the agent for at a time (50 … 500).
inline const Setting<int> kDataPageSize{QLatin1StringView("data/page_size"), 200};
/// The columns the Data view hides for one table, e.g. "RETAIL/credit" or "ALL/payment_plan".
inline Setting<QStringList> dataHiddenColumns(const QString& table) {
    return {QStringLiteral("data/hidden_columns/") + table, {}};
}

}  // namespace findata::app::settings
