#pragma once
// The evidence pack of one sync: one JSON document saying what was delivered (each file's name,
// size, SHA-256 as uploaded, uploader), what the sync did with it (rows read, accepted, rejected,
// control totals in the file and in the warehouse), what it found (findings per field × error
// type × severity with counts and first lines), under which rules (catalog, reject threshold,
// caps) and with which software (agent, PostgreSQL and ClickHouse versions). The document is
// sealed with a SHA-256 over its canonical form, so a saved copy can be checked later
// (verifyEvidence, `findata-agent evidence verify FILE`).
//
// Canonical form: the document without its "sha256" member, serialized by nlohmann::json::dump()
// with no indentation — object keys sorted by their UTF-8 bytes, no whitespace outside strings,
// strings in UTF-8 (only '"', '\\' and control characters escaped), integers in decimal, the
// few non-integer numbers in nlohmann's shortest round-trip form. "sha256" is the lower-case
// hex SHA-256 of those bytes; "sections_sha256" holds the same digest of each top-level section,
// so a check can name the section that changed.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "core/catalog.h"

namespace findata::agent {

class Services;

inline constexpr std::string_view kEvidenceFormat = "findata-evidence/1";
/// Lines listed per group of findings.
inline constexpr std::size_t kEvidenceFirstLines = 5;

/// The per-file part of the pack, from the sync log's API JSON (toJson(SyncLog)) and the uploads
/// (`upload` looks one up by id; nullopt when its record is gone). When the log JSON carries a
/// "files" array (per-file records: source "upload"|"live", counts, control totals) each entry
/// comes from it; otherwise from the per-file counts of its "files" object, every file then an
/// upload and its control totals null (not recorded by that agent version).
nlohmann::json evidenceFiles(
    const nlohmann::json& logJson,
    const std::function<std::optional<Upload>(const std::string&)>& upload);

/// The validation rules in force for `loanType`: the catalog's field rules of both file kinds,
/// the cross-field checks, the reject threshold, the caps and the file-level summary share.
nlohmann::json evidenceRules(const core::Catalog& catalog, core::LoanType loanType,
                             std::optional<double> rejectThreshold,
                             std::uint64_t maxFindingsPerSync,
                             std::uint64_t maxRejectedRowsPerSync);

/// Builds the whole pack of `log` (of `tenant`) from the stores and seals it.
nlohmann::json buildEvidence(Services& services, const Tenant& tenant, const SyncLog& log);

/// The canonical bytes of `document` (see the file comment): without "sha256", dump().
std::string canonicalEvidenceText(const nlohmann::json& document);
/// Sets "sections_sha256" and "sha256" of `document`.
void sealEvidence(nlohmann::json& document);

/// The outcome of checking a saved pack.
struct EvidenceCheck {
    bool valid = false;
    std::string problem;                       // why not, in one sentence; empty when valid
    std::string recorded;                      // the "sha256" the document states
    std::string computed;                      // the digest of its canonical form
    std::vector<std::string> changedSections;  // sections whose digest differs from the record
};

/// Checks a saved pack: JSON as the API sends it (any whitespace), or the HTML page, which
/// carries the document in a <script type="application/json" id="findata-evidence"> element.
EvidenceCheck verifyEvidence(std::string_view text);

}  // namespace findata::agent
