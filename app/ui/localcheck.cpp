#include "app/ui/localcheck.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.h"
#include "core/csvreader.h"
#include "core/fileprocessor.h"
#include "core/validator.h"

namespace findata::app {
namespace {

constexpr qint64 kChunkBytes = 64 * 1024;

QString fromStd(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// The header's column names, parsed as the reader would (delimiter, BOM, quotes).
std::vector<std::string> headerNames(const QByteArray& start) {
    std::vector<std::string> names;
    core::CsvReader reader;
    const auto keep = [&names](const core::CsvRecord& record) {
        if (!names.empty()) return;
        for (const auto field : record.fields)
            names.emplace_back(field);
    };
    reader.feed(std::string_view(start.constData(), static_cast<std::size_t>(start.size())), keep);
    if (names.empty()) reader.finish(keep);
    return names;
}

// How many header findings (missing or unknown columns) the header gives as this kind of file;
// -1 when a required column is missing.
int headerMismatch(const std::vector<std::string>& names, core::FileType file,
                   core::LoanType loanType) {
    std::vector<std::string_view> fields(names.begin(), names.end());
    core::CsvRecord header;
    header.fields = fields;
    header.line = 1;
    core::RowValidator validator(file, loanType);
    std::vector<core::Finding> findings;
    if (!validator.bindHeader(header, findings)) return -1;
    return static_cast<int>(findings.size());
}

// The one other loan type and file type this header fits exactly, if the chosen one does not.
QString betterMatch(const std::vector<std::string>& names, core::FileType chosenFile,
                    core::LoanType chosenLoan) {
    if (names.empty() || headerMismatch(names, chosenFile, chosenLoan) == 0) return {};
    for (const auto file : core::kFileTypes)
        for (const auto loan : core::kLoanTypes) {
            if (file == chosenFile && loan == chosenLoan) continue;
            if (headerMismatch(names, file, loan) == 0)
                return QStringLiteral("%1 %2").arg(fromStd(core::toText(loan)),
                                                   fromStd(core::toText(file)));
        }
    return {};
}

}  // namespace

core::ValidationOptions validationOptions(const QJsonObject& rules) {
    core::ValidationOptions options;
    for (const auto& value : rules.value(QLatin1String("severities")).toArray()) {
        const auto o = value.toObject();
        const auto type =
            core::parseErrorType(o.value(QLatin1String("error_type")).toString().toStdString());
        const auto level =
            core::parseRuleLevel(o.value(QLatin1String("severity")).toString().toStdString());
        if (type && level)
            options.severities.push_back(
                {o.value(QLatin1String("field")).toString().toStdString(), *type, *level});
    }
    for (const auto& value : rules.value(QLatin1String("aliases")).toArray()) {
        const auto o = value.toObject();
        options.aliases.push_back({o.value(QLatin1String("column")).toString().toStdString(),
                                   o.value(QLatin1String("field")).toString().toStdString()});
    }
    const auto t = rules.value(QLatin1String("thresholds")).toObject();
    if (t.contains(QLatin1String("suspicious_amount")))
        options.suspiciousAmount =
            static_cast<std::int64_t>(t.value(QLatin1String("suspicious_amount")).toDouble());
    options.amountTolerance = static_cast<std::int64_t>(
        std::llround(t.value(QLatin1String("amount_tolerance")).toDouble() * 100));
    options.installmentTolerance = t.value(QLatin1String("installment_tolerance")).toInt();
    options.refuseUnknownColumns =
        rules.value(QLatin1String("unknown_columns")).toString() == QLatin1String("refuse");
    return options;
}

LocalCheckResult checkFileStart(const QString& path, const QString& loanType,
                                const QString& fileType, int maxRows, int maxFindings,
                                const QJsonObject& rules) {
    LocalCheckResult result;
    result.path = path;
    result.loanType = loanType;
    result.fileType = fileType;
    const auto loan = core::parseLoanType(loanType.toStdString());
    const auto file = core::parseFileType(fileType.toStdString());
    if (!loan || !file) {
        result.readError = QCoreApplication::translate("findata::app::LocalCheck",
                                                       "Choose a loan type and a file type.");
        return result;
    }
    QFile input(path);
    if (!input.open(QIODevice::ReadOnly)) {
        result.readError = QCoreApplication::translate("findata::app::LocalCheck",
                                                       "The file could not be read: %1")
                               .arg(input.errorString());
        return result;
    }
    result.fileSize = input.size();

    core::FileProcessor processor(*file, *loan, nullptr, validationOptions(rules),
                                  static_cast<std::size_t>(std::max(maxFindings, 0)));
    // Only whole lines go in, up to the header plus maxRows lines: the processor never sees a
    // row cut in half.
    const qint64 linesWanted = static_cast<qint64>(std::max(maxRows, 0)) + 1;
    qint64 lines = 0;
    bool truncated = false;
    QByteArray start;  // the first bytes, for the header
    while (!truncated) {
        auto chunk = input.read(kChunkBytes);
        if (chunk.isEmpty()) break;
        for (qsizetype i = 0; i < chunk.size(); ++i) {
            if (chunk[i] != '\n' || ++lines < linesWanted) continue;
            truncated = i + 1 < chunk.size() || !input.atEnd();
            chunk.truncate(i + 1);
            break;
        }
        if (start.size() < kChunkBytes) start += chunk.left(kChunkBytes - start.size());
        processor.feed(std::string_view(chunk.constData(), static_cast<std::size_t>(chunk.size())));
        if (lines >= linesWanted) break;
    }
    if (input.error() != QFileDevice::NoError) {
        result.readError = QCoreApplication::translate("findata::app::LocalCheck",
                                                       "The file could not be read: %1")
                               .arg(input.errorString());
        return result;
    }
    // A cut file has rows left: finishing it would wrongly close a quoted field spanning lines.
    const auto& summary =
        truncated && processor.summary().rowsRead > 0 ? processor.summary() : processor.finish();
    result.wholeFile = !truncated;
    result.refused = summary.refused;
    result.refusal = fromStd(summary.refusal);
    result.rowsChecked = static_cast<qint64>(summary.rowsRead);
    result.rowsRejected = static_cast<qint64>(summary.rowsRejected);
    result.errorCount = static_cast<qint64>(summary.errorCount);
    result.warningCount = static_cast<qint64>(summary.warningCount);
    auto findings = summary.firstFindings;
    std::stable_sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
        return a.severity < b.severity;  // errors before warnings
    });
    for (const auto& f : findings)
        result.findings.push_back(
            {static_cast<qint64>(f.line), fromStd(f.field), fromStd(core::toText(f.type)),
             f.severity == core::Severity::Error, fromStd(f.message), fromStd(f.value)});
    if (!start.contains('\0'))
        result.matchesInstead = betterMatch(headerNames(start), *file, *loan);
    return result;
}

}  // namespace findata::app
