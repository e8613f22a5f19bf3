#include "agent/sync/uploadintake.h"

#include "agent/store/auditlog.h"
#include "agent/store/livebatches.h"
#include "agent/store/tenants.h"
#include "agent/sync/headercheck.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/ids.h"
#include "agent/util/period.h"

namespace findata::agent {

std::string_view toText(NextSyncAction action) {
    switch (action) {
        case NextSyncAction::New:
            return "new";
        case NextSyncAction::Unchanged:
            return "unchanged: live data kept and re-checked";
        case NextSyncAction::None:
            break;
    }
    return "none staged";
}

NextSync nextSync(Database& db, std::string_view schema, core::LoanType loanType,
                  const std::string& period) {
    UploadRepository uploads(db, schema);
    const auto live = LiveBatchRepository(db, schema).period(loanType, period);
    const auto action = [&](core::FileType file) {
        if (uploads.latestStaged(loanType, file, period)) return NextSyncAction::New;
        if (file == core::FileType::Credit ? live.credit.has_value() : live.payment.has_value())
            return NextSyncAction::Unchanged;
        return NextSyncAction::None;
    };
    return {action(core::FileType::Credit), action(core::FileType::PaymentPlan)};
}

struct UploadIntake::Upload::State {
    Database& db;
    UploadStore& store;
    Tenant tenant;
    core::LoanType loanType;
    core::FileType fileType;
    std::string originalName;
    std::string actor;
    std::string id;
    std::unique_ptr<UploadStore::Writer> writer;
    std::string period;
    bool periodDefaulted = false;
};

UploadIntake::UploadIntake(Database& db, UploadStore& store, std::uint64_t maxUploadBytes)
    : m_db(db), m_store(store), m_maxUploadBytes(maxUploadBytes) {}

UploadIntake::Upload::Upload(std::unique_ptr<State> state) : m_state(std::move(state)) {}
UploadIntake::Upload::~Upload() = default;  // the writer removes its partial file

void UploadIntake::Upload::write(std::string_view bytes) {
    m_state->writer->write(bytes);
}

void UploadIntake::Upload::writeFile(const std::filesystem::path& source,
                                     const std::function<void(std::string_view)>& onStart) {
    m_state->writer->writeFile(source, onStart);
}

IntakeOutcome UploadIntake::Upload::finish() {
    State& s = *m_state;
    const StagedFile file = s.writer->commit();
    IntakeOutcome outcome;
    outcome.sha256 = file.sha256;
    outcome.sizeBytes = file.sizeBytes;
    outcome.period = s.period;
    outcome.periodDefaulted = s.periodDefaulted;

    UploadRepository uploads(s.db, s.tenant.schema);
    const auto staged = uploads.latestStaged(s.loanType, s.fileType, s.period);
    std::string sameAs;  // the upload it repeats
    if (staged && staged->sha256 == file.sha256) {
        outcome.reason = "identical to the file already staged (" + staged->originalName + ")";
        sameAs = staged->id;
    } else if (!staged) {
        if (const auto live = uploads.lastSynced(s.loanType, s.fileType, s.period);
            live && live->sha256 == file.sha256) {
            outcome.reason = "identical to the file last synced (" + live->originalName +
                             "): the live data is kept and re-checked by the next sync";
            sameAs = live->id;
        }
    }
    NewUpload record;
    record.id = s.id;
    record.loanType = s.loanType;
    record.fileType = s.fileType;
    record.originalName = s.originalName;
    record.path = file.path.string();
    record.sizeBytes = file.sizeBytes;
    record.storedBytes = file.storedBytes;
    record.sha256 = file.sha256;
    record.uploadedBy = s.actor;
    record.period = s.period;
    if (!sameAs.empty()) {
        // Recorded (part of the package being assembled), its bytes not kept twice.
        outcome.unchanged = true;
        s.store.remove(file.path);
        outcome.unchangedUpload = uploads.addUnchanged(record, sameAs);
    } else {
        outcome.upload = uploads.add(record);
    }
    outcome.nextSync = nextSync(s.db, s.tenant.schema, s.loanType, s.period);
    AuditLog(s.db, s.tenant.schema)
        .record(s.actor, outcome.unchanged ? "upload.unchanged" : "upload.staged",
                {{"upload_id", s.id},
                 {"same_as", sameAs},
                 {"loan_type", core::toText(s.loanType)},
                 {"file_type", core::toText(s.fileType)},
                 {"period", s.period},
                 {"file", s.originalName},
                 {"bytes", file.sizeBytes},
                 {"sha256", file.sha256}});
    return outcome;
}

std::unique_ptr<UploadIntake::Upload> UploadIntake::begin(const Tenant& tenant,
                                                          core::LoanType loanType,
                                                          core::FileType fileType,
                                                          std::string originalName,
                                                          std::string actor, std::string period) {
    // The API never gets here for a deactivated tenant (its keys are refused); the CLI does.
    if (!tenant.active)
        throw StoreError(StoreError::Kind::Invalid,
                         "tenant " + tenant.id +
                             " is deactivated: no uploads are taken until an agent administrator "
                             "activates it");
    const bool defaulted = period.empty();
    if (defaulted) period = defaultPeriod(std::chrono::system_clock::now());
    auto state = std::make_unique<Upload::State>(
        Upload::State{m_db, m_store, tenant, loanType, fileType, std::move(originalName),
                      std::move(actor), newUuid(), nullptr, std::move(period), defaulted});
    state->writer = m_store.begin(tenant.id, core::toText(loanType), core::toText(fileType),
                                  state->id, m_maxUploadBytes);
    return std::unique_ptr<Upload>(new Upload(std::move(state)));
}

IntakeOutcome UploadIntake::stageFile(const Tenant& tenant, core::LoanType loanType,
                                      core::FileType fileType, const std::filesystem::path& file,
                                      std::string actor, std::string period) {
    auto upload = begin(tenant, loanType, fileType, file.filename().string(), std::move(actor),
                        std::move(period));
    // As the API's upload: a file whose header is the other loan type's is refused (thrown
    // WrongLoanTypeHeader), and `upload` going out of scope leaves nothing behind.
    LoanTypeHeaderCheck header(loanType, fileType);
    upload->writeFile(file, [&](std::string_view start) { header.feed(start); });
    header.finish();
    return upload->finish();
}

}  // namespace findata::agent
