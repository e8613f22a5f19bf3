#include "app/client/typenames.h"

#include <QList>
#include <algorithm>
#include <iterator>

namespace findata::app {
namespace {

// The names of all values of E in the core's order, and the one of `value`.
template <typename E, std::size_t N>
const QString& nameOf(E value, const E (&all)[N]) {
    static const QList<QString> names = [&all] {
        QList<QString> list;
        for (const E e : all) {
            const auto text = core::toText(e);
            list.push_back(QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size())));
        }
        return list;
    }();
    const auto at = std::find(std::begin(all), std::end(all), value) - std::begin(all);
    return names.at(at);
}

}  // namespace

const QString& typeName(core::LoanType type) {
    return nameOf(type, core::kLoanTypes);
}

const QString& typeName(core::FileType type) {
    return nameOf(type, core::kFileTypes);
}

}  // namespace findata::app
