// The evidence pack of one sync: see evidence.h.

#include "agent/sync/evidence.h"

#include <algorithm>
#include <chrono>

#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/rejectedreview.h"
#include "agent/store/rulesrepository.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/validationerrors.h"
#include "agent/uploads/sha256.h"
#include "agent/util/logging.h"
#include "agent/warehouse/clickhouseclient.h"
#include "core/decimal.h"
#include "core/validator.h"

namespace findata::agent {
namespace {

using nlohmann::json;

// The members outside the sections: the seal itself.
constexpr std::string_view kSealMembers[] = {"sha256", "sections_sha256"};

bool isSealMember(std::string_view key) {
    return std::find(std::begin(kSealMembers), std::end(kSealMembers), key) !=
           std::end(kSealMembers);
}

json optionalText(const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
}

std::string_view fieldTypeText(core::FieldType type) {
    switch (type) {
        case core::FieldType::Text:
            return "text";
        case core::FieldType::Integer:
            return "integer";
        case core::FieldType::Amount:
            return "amount";
        case core::FieldType::Rate:
            return "rate";
        case core::FieldType::Fraction:
            return "fraction";
        case core::FieldType::Date:
            return "date";
        case core::FieldType::Code:
            return "code";
        case core::FieldType::Flag:
            return "flag";
    }
    return "unknown";
}

// A bound in stored units as the operator reads it: cents as "0.00", millionths as "0.000000".
json boundJson(const std::optional<std::int64_t>& bound, core::FieldType type) {
    if (!bound) return nullptr;
    return core::toText(core::Decimal{*bound, core::scaleOf(type)});
}

json uploadPart(const std::optional<Upload>& upload) {
    if (!upload)
        return {{"upload_found", false},
                {"uploaded_by", nullptr},
                {"uploaded_at", nullptr},
                {"upload_status", nullptr}};
    return {{"upload_found", true},
            {"uploaded_by", upload->uploadedBy},
            {"uploaded_at", isoTimestamp(upload->uploadedAt)},
            {"upload_status", toText(upload->status)}};
}

// One file of the pack. `record` is an entry of the log's "file_records" array or the per-file
// counts of its "files" object (then `fileType` names it).
json fileEntry(const json& record, const std::string& fileType,
               const std::function<std::optional<Upload>(const std::string&)>& lookup) {
    std::optional<std::string> uploadId;
    if (record.contains("upload_id") && record["upload_id"].is_string())
        uploadId = record["upload_id"].get<std::string>();
    const auto upload = uploadId ? lookup(*uploadId) : std::nullopt;
    auto fromRecordOr = [&](const char* key, json fallback) {
        return record.contains(key) && !record[key].is_null() ? record[key] : fallback;
    };
    json entry = {
        {"file_type", fileType},
        // Today every file of a sync is an upload; per-file records say "live" for the live
        // data re-checked instead.
        {"source", fromRecordOr("source", "upload")},
        {"upload_id", optionalText(uploadId)},
        {"original_name",
         fromRecordOr("original_name", upload ? json(upload->originalName) : json(nullptr))},
        {"size_bytes", fromRecordOr("size", upload ? json(upload->sizeBytes) : json(nullptr))},
        {"sha256", fromRecordOr("sha256", upload ? json(upload->sha256) : json(nullptr))},
        {"rows_read", record.value("rows_read", std::uint64_t{0})},
        {"rows_accepted",
         record.value("rows_accepted", record.value("rows_loaded", std::uint64_t{0}))},
        {"rows_rejected", record.value("rows_rejected", std::uint64_t{0})},
        {"control_totals",
         fromRecordOr("control_totals",
                      {{"file", nullptr}, {"warehouse", nullptr}, {"matches", nullptr}})},
    };
    entry.update(uploadPart(upload));
    return entry;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

json softwareVersions(Services& services) {
    json out = {{"agent", FINDATA_VERSION}};
    try {
        out["postgresql"] = services.database().transact(
            [](pqxx::work& tx) { return tx.exec1("SHOW server_version")[0].as<std::string>(); });
    } catch (const std::exception& e) {
        out["postgresql"] = nullptr;
        out["postgresql_error"] = e.what();
    }
    try {
        out["clickhouse"] = trimmed(services.clickhouse().query("SELECT version()"));
    } catch (const std::exception& e) {
        out["clickhouse"] = nullptr;
        out["clickhouse_error"] = e.what();
    }
    return out;
}

json findingsSection(Services& services, const Tenant& tenant, const SyncLog& log) {
    ValidationErrorRepository repository(services.database(), tenant.schema);
    json groups = json::array();
    for (const auto& group : summarisedGroups(repository, log)) {
        const auto first = group.count > 0
                               ? repository.firstOfGroup(log.id, group, kEvidenceFirstLines)
                               : std::vector<ValidationErrorRecord>{};
        json lines = json::array();
        for (const auto& finding : first)
            lines.push_back(finding.line);
        const auto share = sharePercentText(group.fired(), group.fileRows);
        groups.push_back({
            {"file_type", core::toText(group.fileType)},
            {"field", group.field},
            {"error_type", core::toText(group.type)},
            {"severity", core::toText(group.severity)},
            {"count", group.fired()},
            {"stored", group.count},
            {"not_stored", group.notStored},
            {"scope", group.fileLevel ? "file" : "rows"},
            {"file_rows", group.fileRows},
            {"share_percent", share.empty() ? json(nullptr) : json(share)},
            {"summary", group.fileLevel
                            ? json(fileLevelSummary(group, first.empty() ? 0 : first.front().line,
                                                    first.empty() ? "" : first.front().message))
                            : json(nullptr)},
            {"first_lines", std::move(lines)},
            {"first_message", first.empty() ? json(nullptr) : json(first.front().message)},
        });
    }
    return {{"errors", log.errors},
            {"warnings", log.warnings},
            {"stored", repository.count(log.id)},
            {"not_stored", log.findingsNotStored},
            {"rejected_rows_not_stored", log.rejectedRowsNotStored},
            {"purged_at",
             log.findingsPurgedAt ? json(isoTimestamp(*log.findingsPurgedAt)) : json(nullptr)},
            {"groups", std::move(groups)}};
}

json syncSection(const Tenant& tenant, const SyncLog& log) {
    const auto end = log.finishedAt.value_or(log.heartbeatAt);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(end - log.startedAt).count();
    return {
        {"id", log.id},
        {"tenant", {{"id", tenant.id}, {"name", tenant.name}}},
        {"loan_type", core::toText(log.loanType)},
        {"trigger", toText(log.trigger)},
        {"actor", log.actor},
        {"batch_id", log.batchId},
        {"started_at", isoTimestamp(log.startedAt)},
        {"finished_at", log.finishedAt ? json(isoTimestamp(*log.finishedAt)) : json(nullptr)},
        {"duration_ms", millis < 0 ? 0 : millis},
        {"stage_timings_ms", log.stageTimings},
        {"status", toText(log.status)},
        {"finished", isFinal(log.status)},
        {"reason", log.errorSummary},
        {"rows_read", log.credit.rowsRead + log.payment.rowsRead},
        {"rows_accepted", log.credit.rowsLoaded + log.payment.rowsLoaded},
        {"rows_rejected", log.credit.rowsRejected + log.payment.rowsRejected},
    };
}

std::string hexDigest(const json& value) {
    return Sha256::hex(value.dump());
}

json sectionDigests(const json& document) {
    json out = json::object();
    for (const auto& [key, value] : document.items())
        if (!isSealMember(key)) out[key] = hexDigest(value);
    return out;
}

}  // namespace

json evidenceFiles(const json& logJson,
                   const std::function<std::optional<Upload>(const std::string&)>& upload) {
    json files = json::array();
    // The per-file records (source, counts, control totals) when the sync wrote them; the
    // per-file counts of the "files" object for syncs of earlier versions.
    if (const auto records = logJson.find("file_records");
        records != logJson.end() && records->is_array() && !records->empty()) {
        for (const auto& record : *records)
            if (record.is_object())
                files.push_back(fileEntry(record, record.value("file_type", ""), upload));
        return files;
    }
    const auto it = logJson.find("files");
    if (it == logJson.end()) return files;
    if (!it->is_object()) return files;
    for (const auto type : core::kFileTypes) {
        const std::string name(core::toText(type));
        const auto record = it->find(name);
        if (record == it->end() || !record->is_object()) continue;
        // A file type the sync did not read is no part of its evidence.
        if (!(*record)["upload_id"].is_string() && record->value("rows_read", 0) == 0) continue;
        files.push_back(fileEntry(*record, name, upload));
    }
    return files;
}

json evidenceRules(const core::Catalog& catalog, core::LoanType loanType,
                   std::optional<double> rejectThreshold, std::uint64_t maxFindingsPerSync,
                   std::uint64_t maxRejectedRowsPerSync) {
    json fields = json::object();
    for (const auto type : core::kFileTypes) {
        json list = json::array();
        for (const auto& f : catalog.fields(type)) {
            if (!core::appliesTo(f, loanType)) continue;
            list.push_back({
                {"field", f.name},
                {"label", f.label},
                {"type", fieldTypeText(f.type)},
                {"required", f.required},
                {"codes", f.codes == core::CodeSet::None ? json(nullptr)
                                                         : json(core::acceptedCodes(f.codes))},
                {"min", boundJson(f.min, f.type)},
                {"max", boundJson(f.max, f.type)},
                {"key", f.role == core::FieldRole::Key},
                {"control_total", f.role == core::FieldRole::Amount},
            });
        }
        fields[std::string(core::toText(type))] = std::move(list);
    }
    const core::ValidationOptions options;
    return {
        {"catalog", std::move(fields)},
        // The checks across fields and rows (core/validator.cpp), as the findings name them.
        {"checks",
         {"DUPLICATE error: a loan number twice in a credit file, an installment of a loan twice "
          "in a payment plan",
          "CROSS_REFERENCE error: a payment of a loan that is not a credit live after the sync",
          "CONSISTENCY warning (credit): paid + outstanding installments differ from the total",
          "CONSISTENCY warning (credit): outstanding principal exceeds the original amount",
          "CONSISTENCY warning (credit): first payment date before the loan start date",
          "CONSISTENCY warning (credit): final maturity date before the first payment date",
          "CONSISTENCY warning (payment plan): installment amount differs from the sum of its "
          "components",
          "CONSISTENCY warning (payment plan): a closed installment with remaining principal",
          "CONSISTENCY warning: an amount over the suspicious amount",
          "MISSING_COLUMN error: a required column absent (the file is refused)",
          "UNKNOWN_COLUMN warning: a column not in the catalog (ignored)"}},
        {"suspicious_amount", options.suspiciousAmount},
        // A row with an error is rejected; above this share of rejected rows the sync fails.
        {"reject_threshold", rejectThreshold ? json(*rejectThreshold) : json(nullptr)},
        {"reject_threshold_source", "the loan type's sync configuration when the pack was built"},
        {"caps",
         {{"max_findings_per_sync", maxFindingsPerSync},
          {"max_rejected_rows_per_sync", maxRejectedRowsPerSync}}},
        {"file_level_percent", kFileLevelPercent},
    };
}

// The tenant's validation policy the sync validated with (its version and contents); a reject
// ratio or suspicious amount it sets replaces the built-in values in the rules.
static void addPolicy(json& rules, Database& db, const Tenant& tenant, const SyncLog& log) {
    rules["policy_version"] = log.policyVersion;
    if (log.policyVersion == 0) {
        rules["policy"] = nullptr;
        return;
    }
    const auto stored = RulesRepository(db, tenant.schema).find(log.loanType, log.policyVersion);
    if (!stored) {
        rules["policy"] = nullptr;
        return;
    }
    rules["policy"] = policyToJson(stored->policy);
    rules["policy"]["set_by"] = stored->setBy;
    if (stored->setAt) rules["policy"]["set_at"] = isoTimestamp(*stored->setAt);
    rules["suspicious_amount"] = stored->policy.suspiciousAmount;
    if (stored->policy.rejectRatio) {
        rules["reject_threshold"] = *stored->policy.rejectRatio;
        rules["reject_threshold_source"] =
            "the tenant's validation policy version " + std::to_string(log.policyVersion);
    }
}

json buildEvidence(Services& services, const Tenant& tenant, const SyncLog& log) {
    auto& db = services.database();
    UploadRepository uploads(db, tenant.schema);
    std::optional<double> threshold;
    if (const auto config = SyncConfigRepository(db, tenant.schema).get(log.loanType))
        threshold = config->rejectThreshold;
    const auto& settings = services.settings();
    json document = {
        {"format", kEvidenceFormat},
        {"canonical_form",
         "sha256 is the SHA-256 (lower-case hex) of this document without its \"sha256\" member, "
         "serialized as JSON with object keys sorted by their UTF-8 bytes, no whitespace outside "
         "strings, UTF-8 strings escaping only '\"', '\\\\' and control characters "
         "(nlohmann::json dump()); sections_sha256 holds the same digest of each section"},
        {"generated_at", isoTimestamp(std::chrono::system_clock::now())},
        {"sync", syncSection(tenant, log)},
        {"files",
         evidenceFiles(toJson(log), [&](const std::string& id) { return uploads.find(id); })},
        {"findings", findingsSection(services, tenant, log)},
        {"rules", evidenceRules(core::Catalog::standard(), log.loanType, threshold,
                                settings.maxFindingsPerSync, settings.maxRejectedRowsPerSync)},
        {"software", softwareVersions(services)},
    };
    addPolicy(document["rules"], db, tenant, log);
    // Corrections (correction.h): the sync this one corrects, the correction syncs that merged
    // its rejected rows, and what became of its rejected rows.
    RejectedReview review(db, tenant.schema);
    const auto links = review.links(log.id);
    const auto counts = review.counts(log.id);
    document["correction"] = {{"corrects", links.corrects ? json(*links.corrects) : json(nullptr)},
                              {"corrected_by", links.correctedBy},
                              {"notes", links.notes},
                              {"rejected_rows",
                               {{"open", counts.open},
                                {"dismissed", counts.dismissed},
                                {"resubmitted", counts.resubmitted}}}};
    sealEvidence(document);
    return document;
}

std::string canonicalEvidenceText(const json& document) {
    if (!document.is_object()) return document.dump();
    json copy = document;
    copy.erase("sha256");
    return copy.dump();
}

void sealEvidence(json& document) {
    document.erase("sha256");
    document["sections_sha256"] = sectionDigests(document);
    document["sha256"] = Sha256::hex(canonicalEvidenceText(document));
}

EvidenceCheck verifyEvidence(std::string_view text) {
    EvidenceCheck check;
    // The HTML page carries the document in a script element of its own.
    constexpr std::string_view kOpen = "<script type=\"application/json\" id=\"findata-evidence\">";
    if (const auto open = text.find(kOpen); open != std::string_view::npos) {
        const auto start = open + kOpen.size();
        const auto close = text.find("</script>", start);
        if (close == std::string_view::npos) {
            check.problem = "the page's evidence element is not closed";
            return check;
        }
        text = text.substr(start, close - start);
    }
    json document;
    try {
        document = json::parse(text);
    } catch (const json::exception& e) {
        check.problem = std::string("not a JSON document: ") + e.what();
        return check;
    }
    if (!document.is_object() || !document.contains("sha256") || !document["sha256"].is_string()) {
        check.problem = "not an evidence pack: no \"sha256\" member";
        return check;
    }
    if (document.value("format", "") != kEvidenceFormat) {
        check.problem = "not an evidence pack of format " + std::string(kEvidenceFormat);
        return check;
    }
    check.recorded = document["sha256"].get<std::string>();
    check.computed = Sha256::hex(canonicalEvidenceText(document));
    const auto recordedSections = document.value("sections_sha256", json::object());
    const auto sections = sectionDigests(document);
    for (const auto& [key, digest] : sections.items())
        if (recordedSections.value(key, "") != digest.get<std::string>())
            check.changedSections.push_back(key);
    for (const auto& [key, digest] : recordedSections.items())
        if (!sections.contains(key)) check.changedSections.push_back(key + " (removed)");
    check.valid = check.recorded == check.computed && check.changedSections.empty();
    if (!check.valid) {
        check.problem = "the content does not match its SHA-256 (recorded " + check.recorded +
                        ", computed " + check.computed + ")";
        if (!check.changedSections.empty()) {
            check.problem += "; changed: ";
            for (std::size_t i = 0; i < check.changedSections.size(); ++i)
                check.problem += (i ? ", " : "") + check.changedSections[i];
        } else if (check.recorded != check.computed) {
            check.problem += "; changed: the section digests themselves";
        }
    }
    return check;
}

}  // namespace findata::agent
