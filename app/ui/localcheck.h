#pragma once
// LocalCheck: the desktop's pre-check of a file before it is uploaded. The core library reads the
// header and the first rows on the operator's machine, so a wrong file is caught before its
// gigabytes travel; the agent still validates every row when it syncs.

#include <QJsonObject>
#include <QList>
#include <QString>

#include "core/validator.h"

namespace findata::app {

/// One finding of the pre-check, as the core validator worded it.
struct LocalFinding {
    qint64 line = 0;    // physical line; 1 = the header
    QString field;      // empty for a whole-row finding
    QString type;       // MISSING_COLUMN, REQUIRED, TYPE, …
    bool error = true;  // false: a warning
    QString message;
    QString value;
};

/// What the pre-check found in the start of a file.
struct LocalCheckResult {
    QString path;
    QString loanType;  // a loan type's name (typeName())
    QString fileType;  // a file type's name
    qint64 fileSize = -1;
    /// Empty, or why the file could not be read at all (missing, no permission).
    QString readError;
    /// The file cannot be used whatever its rows say (empty, binary, missing required columns):
    /// uploading it is pointless.
    bool refused = false;
    QString refusal;
    /// A loan type and file type whose header the file matches instead, e.g. "COMMERCIAL credit",
    /// when it does not match the one chosen.
    QString matchesInstead;
    bool wholeFile = false;  // the file had no more rows than were checked
    qint64 rowsChecked = 0;
    qint64 rowsRejected = 0;
    qint64 errorCount = 0;
    qint64 warningCount = 0;
    QList<LocalFinding> findings;  // the first errors, then the first warnings, in file order

    /// The upload makes sense: the file was read and is not refused (row errors only warn).
    bool uploadable() const { return readError.isEmpty() && !refused; }
};

/// Reads the header and at most `maxRows` data rows of `path` and validates them as a `fileType`
/// file of `loanType`, keeping at most `maxFindings` errors and as many warnings. Blocking but
/// fast (it stops after `maxRows`); safe to call from any thread.
/// `rules` is the tenant's validation policy of the loan type as GET /api/rules/ answers it (its
/// aliases, severities, tolerances and unknown-column policy apply); empty: the built-in rules.
LocalCheckResult checkFileStart(const QString& path, const QString& loanType,
                                const QString& fileType, int maxRows = 1000, int maxFindings = 200,
                                const QJsonObject& rules = {});

/// The core's options of a policy as GET /api/rules/ answers it (what it cannot read is left at
/// the built-in value: the agent validated it when it was saved).
core::ValidationOptions validationOptions(const QJsonObject& rules);

}  // namespace findata::app
