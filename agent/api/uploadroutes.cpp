// Uploads and the pre-check: files arrive as a raw body (loan type and file type as query
// parameters) or as a multipart form, and are streamed — to the staging store for an upload,
// through the core validation for a check — never held in memory.

#include <charconv>
#include <exception>
#include <map>
#include <memory>
#include <optional>

#include "agent/api/uploadroutes.h"

#include <spdlog/spdlog.h>

#include "agent/api/apierror.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/metrics/metrics.h"
#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/store/rulesrepository.h"
#include "agent/store/synclogs.h"
#include "agent/store/uploads.h"
#include "agent/sync/headercheck.h"
#include "agent/sync/uploadintake.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/checkreport.h"
#include "agent/util/diskspace.h"
#include "agent/util/ids.h"
#include "agent/util/logging.h"
#include "agent/warehouse/warehouse.h"
#include "core/fileprocessor.h"
#include "core/stringset.h"

namespace findata::agent::uploads {
namespace {

using nlohmann::json;
using Fields = FormFields;

constexpr std::size_t kMaxFieldBytes = 4096;
constexpr std::size_t kMaxNameBytes = 255;

// The name recorded for an upload: the last path component, printable, at most 255 bytes.
std::string originalName(const std::optional<std::string>& given, core::FileType fileType) {
    std::string name = given.value_or("");
    if (const auto slash = name.find_last_of("/\\"); slash != std::string::npos)
        name.erase(0, slash + 1);
    for (const char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            badParameter(kFilename.name, "must not contain control characters");
    if (name.size() > kMaxNameBytes)
        badParameter(kFilename.name, "must be at most " + std::to_string(kMaxNameBytes) + " bytes");
    return name.empty() ? std::string(core::toText(fileType)) + ".csv" : name;
}

// Raw bodies are taken as CSV bytes whatever their declared text type; a JSON or form body is
// surely a mistake, so anything but these is refused (415) before a byte is read.
bool isMultipart(const HttpRequest& request) {
    const auto header = request.header("content-type");
    std::string type = header ? header->substr(0, header->find(';')) : std::string();
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t'))
        type.pop_back();
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t'))
        type.erase(0, 1);
    for (auto& c : type)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (type.empty() || type == "text/csv" || type == "application/octet-stream") return false;
    if (type == "multipart/form-data") return true;
    throw ApiError(ApiErrorKind::UnsupportedMediaType,
                   "Content-Type " + type +
                       " is not accepted: send the file as text/csv or application/octet-stream, "
                       "or as the file part of multipart/form-data",
                   {{"content_type", type},
                    {"accepted", {"text/csv", "application/octet-stream", "multipart/form-data"}}});
}

// Streams the uploaded file of a request to `sink`: the raw body, or the one file part of a
// multipart form. `start` runs once before the file's first byte, with the form fields seen so
// far (none for a raw body) and the part's file name; when it throws (a bad parameter), reading
// stops and the exception leaves here. Returns false when the client broke off.
bool readUploadedFile(HttpRequest& request,
                      const std::function<void(const Fields&, const std::string&)>& start,
                      const ByteSink& sink) {
    if (!isMultipart(request)) {
        start({}, {});
        return request.readBody(sink);
    }
    if (!request.readParts)
        throw ApiError(ApiErrorKind::BadRequest, "the multipart body cannot be read");
    Fields fields;
    std::string* field = nullptr;
    bool inFile = false;
    bool fileSeen = false;
    std::exception_ptr error;
    const bool complete = request.readParts(
        [&](const BodyPart& part) {
            inFile = false;
            field = nullptr;
            if (part.filename.empty() && part.name != "file") {
                if (!fileSeen) field = &fields[part.name];  // fields after the file are unused
                return true;
            }
            try {
                if (fileSeen)
                    throw ApiError(ApiErrorKind::BadRequest, "a form may carry only one file",
                                   {{"parameter", "file"}});
                fileSeen = inFile = true;
                start(fields, part.filename);
                return true;
            } catch (...) {
                error = std::current_exception();
                return false;
            }
        },
        [&](std::string_view bytes) {
            if (inFile) return sink(bytes);
            if (field && field->size() + bytes.size() > kMaxFieldBytes) {
                error = std::make_exception_ptr(
                    ApiError(ApiErrorKind::BadRequest, "a form field is longer than 4096 bytes"));
                return false;
            }
            if (field) field->append(bytes);
            return true;
        });
    if (error) std::rethrow_exception(error);
    if (complete && !fileSeen)
        badParameter("file", "is missing: the form needs a file part (with a filename)");
    return complete;
}

// The Content-Length of the request, when it has a valid one.
std::optional<std::uint64_t> declaredLength(const HttpRequest& request) {
    const auto declared = request.header("content-length");
    if (!declared) return std::nullopt;
    std::uint64_t length = 0;
    const auto [end, error] =
        std::from_chars(declared->data(), declared->data() + declared->size(), length);
    if (error != std::errc() || end != declared->data() + declared->size()) return std::nullopt;
    return length;
}

// While an upload streams in (its length unknown, or inflated from gzip): refuses it
// (InsufficientDisk) once the bytes received would pass what was free above the reserve when it
// began, and every kDiskLookBytes looks again, in case other writers took the room meanwhile.
constexpr std::uint64_t kDiskLookBytes = 8ull << 20;

void checkDisk(const DiskBudget& disk, const DiskStatus& atStart, std::uint64_t received,
               std::uint64_t& nextLook) {
    if (received > atStart.headroom())
        throw InsufficientDisk("the upload passed " + describeBytes(received) + ", more than the " +
                                   describeBytes(atStart.headroom()) +
                                   " free above the reserve of " +
                                   describeBytes(atStart.reserveBytes) + " on " +
                                   atStart.path.string() + " when it began; nothing was kept",
                               atStart, received);
    if (received < nextLook) return;
    nextLook = received + kDiskLookBytes;
    const DiskStatus now = disk.status();
    if (now.low())
        throw InsufficientDisk("the upload was cut off after " + describeBytes(received) +
                                   ": free space on " + now.path.string() + " fell to " +
                                   describeBytes(now.freeBytes) + ", below the reserve of " +
                                   describeBytes(now.reserveBytes) + "; nothing was kept",
                               now, received);
}

[[noreturn]] void brokenOff(const RequestContext& context, const char* what) {
    logger("api")->warn("tenant {}: {} from {} ended before its last byte; nothing kept",
                        context.caller().id, what, context.request.remoteAddress);
    throw ApiError(ApiErrorKind::BadRequest,
                   std::string("the ") + what + " ended before its last byte; nothing was kept");
}

json optionalJson(const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
}

json uploadJson(const Upload& u) {
    return {{"id", u.id},
            {"loan_type", core::toText(u.loanType)},
            {"file_type", core::toText(u.fileType)},
            {"original_name", u.originalName},
            {"size_bytes", u.sizeBytes},
            {"stored_bytes", u.storedBytes},
            {"sha256", u.sha256},
            {"status", toText(u.status)},
            {"uploaded_at", isoTimestamp(u.uploadedAt)},
            {"uploaded_by", u.uploadedBy},
            {"sync_id", optionalJson(u.syncId)},
            {"synced_at", u.syncedAt ? json(isoTimestamp(*u.syncedAt)) : json(nullptr)},
            {"same_as", optionalJson(u.sameAs)},
            {"period", u.period}};
}

// What the next sync of the loan type does with each file type.
json nextSyncJson(const NextSync& next) {
    return {{"credit", toText(next.credit)}, {"payment_plan", toText(next.paymentPlan)}};
}

// An upload of the caller's tenant; a malformed id, another tenant's id and a missing one all
// answer the same 404.
Upload findUpload(Database& db, const Tenant& tenant, const std::string& id) {
    std::optional<Upload> upload;
    if (isUuid(id)) upload = UploadRepository(db, tenant.schema).find(id);
    if (!upload) throw ApiError(ApiErrorKind::NotFound, "no upload " + id);
    return *upload;
}

// What the parameters (query or form fields before the file) say of the file being sent.
struct NamedFile {
    core::LoanType loanType{};
    core::FileType fileType{};
    std::string name;    // as recorded: see originalName
    std::string period;  // empty: the default (the month before the upload)
};

NamedFile namedFile(const HttpRequest& request, const Fields& fields, const std::string& partName) {
    const ParamSource source(request, &fields);
    NamedFile file{requireLoanType(source), requireFileType(source), {}, {}};
    file.name = originalName(optionalText(source, kFilename).value_or(partName), file.fileType);
    file.period = optionalPeriod(source, kUploadPeriod).value_or("");
    return file;
}

// How the answer states the upload's period.
json periodJson(const IntakeOutcome& outcome) {
    return {{"period", outcome.period},
            {"period_defaulted", outcome.periodDefaulted},
            {"period_note",
             outcome.periodDefaulted
                 ? "no period given: the calendar month before the upload date, " + outcome.period
                 : "period " + outcome.period + " as given"}};
}

// The 422 of a file sent as the wrong loan type, naming the columns that give it away.
ApiError wrongLoanType(const WrongLoanTypeHeader& e) {
    return ApiError(
        ApiErrorKind::Unprocessable, e.what(),
        {{"header_loan_type", core::toText(e.headerLoanType())}, {"columns", e.columns()}});
}

}  // namespace

const Param kStatus = choice("status", uploadStatusNames(), "only uploads in this status");

HttpResponse postUpload(Api& api, RequestContext& call) {
    checkTenantParameter(call);
    auto& services = api.services;
    const Tenant& tenant = call.caller();
    HttpRequest& request = call.request;
    const std::uint64_t limit = services.settings().maxUploadBytes;
    const auto declared = declaredLength(request);
    if (declared && !isMultipart(request) && *declared > limit)
        throw UploadTooLarge("the upload of " + std::to_string(*declared) +
                                 " bytes is larger than the limit of " + std::to_string(limit) +
                                 " bytes",
                             limit);
    // The reserve before anything is written: a declared length must fit above it (a gzip
    // body inflates to at least about that much); what comes is counted against it as well.
    const DiskBudget* disk = api.disk;
    DiskStatus atStart;
    if (disk) {
        try {
            atStart = disk->require(
                declared.value_or(0),
                declared ? "the upload of " + describeBytes(*declared) : std::string("an upload"));
        } catch (const InsufficientDisk& e) {
            logger("api")->warn("tenant {}: upload refused: {}", tenant.id, e.what());
            throw;
        }
    }
    std::uint64_t nextDiskLook = kDiskLookBytes;

    NamedFile file;
    std::optional<LoanTypeHeaderCheck> headerCheck;
    std::unique_ptr<UploadIntake::Upload> upload;
    std::exception_ptr failure;
    std::uint64_t bytes = 0;
    const bool complete = readUploadedFile(
        request,
        [&](const Fields& fields, const std::string& partName) {
            file = namedFile(request, fields, partName);
            upload = services.uploadIntake().begin(tenant, file.loanType, file.fileType, file.name,
                                                   call.actor, file.period);
            headerCheck.emplace(file.loanType, file.fileType);
        },
        [&](std::string_view chunk) {
            // After a failure the rest is read and dropped, so the client gets to read the
            // answer; the server's body limit (just above ours) bounds that.
            if (failure) return true;
            bytes += chunk.size();
            try {
                if (disk) checkDisk(*disk, atStart, bytes, nextDiskLook);
                headerCheck->feed(chunk);
                upload->write(chunk);
            } catch (const InsufficientDisk& e) {
                logger("api")->warn("tenant {}: upload refused: {}", tenant.id, e.what());
                failure = std::current_exception();
                upload.reset();  // removes the partial file
            } catch (...) {
                failure = std::current_exception();
                upload.reset();  // removes the partial file
            }
            return true;
        });
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const UploadTooLarge&) {
            throw;
        } catch (const UploadStoreError& e) {
            logger("api")->error("tenant {}: upload not stored: {}", tenant.id, e.what());
            throw ApiError(ApiErrorKind::Unavailable, "the upload could not be stored");
        } catch (const WrongLoanTypeHeader& e) {
            throw wrongLoanType(e);
        }
    }
    if (!complete) brokenOff(call, "upload");
    if (bytes == 0) badParameter("file", "is empty");
    try {
        headerCheck->finish();  // a header without a line break
    } catch (const WrongLoanTypeHeader& e) {
        upload.reset();
        throw wrongLoanType(e);
    }

    const IntakeOutcome outcome = upload->finish();
    const std::string loanText(core::toText(file.loanType));
    const std::string fileText(core::toText(file.fileType));
    api.metrics.uploadReceived(tenant.id, loanText, fileText, outcome.sizeBytes);
    call.audit = {{"loan_type", loanText},
                  {"file_type", fileText},
                  {"period", outcome.period},
                  {"bytes", outcome.sizeBytes},
                  {"sha256", outcome.sha256}};
    if (outcome.unchanged) {
        call.audit["outcome"] = "unchanged";
        call.audit["upload_id"] = outcome.unchangedUpload->id;
        json unchanged = {{"status", "unchanged"},
                          {"reason", outcome.reason},
                          {"upload_id", outcome.unchangedUpload->id},
                          {"same_as", optionalJson(outcome.unchangedUpload->sameAs)},
                          {"loan_type", loanText},
                          {"file_type", fileText},
                          {"size_bytes", outcome.sizeBytes},
                          {"sha256", outcome.sha256},
                          {"next_sync", nextSyncJson(outcome.nextSync)}};
        unchanged.update(periodJson(outcome));
        return jsonResponse(unchanged);
    }
    call.audit["outcome"] = "staged";
    call.audit["upload_id"] = outcome.upload->id;
    logger("api")->info("tenant {}: staged {} {} upload {} ({} bytes)", tenant.id, loanText,
                        fileText, outcome.upload->id, outcome.sizeBytes);
    json staged = uploadJson(*outcome.upload);
    staged["next_sync"] = nextSyncJson(outcome.nextSync);
    staged.update(periodJson(outcome));
    auto response = jsonResponse(staged, 201);
    response.headers.emplace_back("Location", "/api/uploads/" + outcome.upload->id + "/");
    return response;
}

HttpResponse deleteUpload(Api& api, RequestContext& call) {
    auto& db = api.services.database();
    const Tenant& tenant = call.caller();
    const Upload upload = findUpload(db, tenant, call.param(0));
    if (upload.status != UploadStatus::Staged)
        throw ApiError(ApiErrorKind::Conflict,
                       "upload " + upload.id + " is " + std::string(toText(upload.status)) +
                           ": only a STAGED upload can be deleted",
                       {{"status", toText(upload.status)}});
    for (const auto& sync : SyncLogRepository(db, tenant.schema).unfinished())
        if (sync.creditUploadId == upload.id || sync.paymentUploadId == upload.id)
            throw ApiError(ApiErrorKind::Conflict,
                           "upload " + upload.id + " is being loaded by sync " + sync.id,
                           {{"sync_id", sync.id}});
    if (!UploadRepository(db, tenant.schema).markDeleted(upload.id))
        throw ApiError(ApiErrorKind::Conflict, "upload " + upload.id + " was deleted meanwhile");
    // The record stays (DELETED) for the history; the stored file goes.
    try {
        api.services.uploads().remove(upload.path);
    } catch (const std::exception& e) {
        logger("api")->warn("tenant {}: file of deleted upload {} not removed: {}", tenant.id,
                            upload.id, e.what());
    }
    call.audit = {{"upload_id", upload.id},
                  {"loan_type", core::toText(upload.loanType)},
                  {"file_type", core::toText(upload.fileType)},
                  {"file", upload.originalName}};
    return jsonResponse(uploadJson(findUpload(db, tenant, upload.id)));
}

HttpResponse postCheck(Api& api, RequestContext& call) {
    checkTenantParameter(call);
    HttpRequest& request = call.request;
    const auto maxFindings = static_cast<std::uint64_t>(intOrDefault(request, kMaxFindings));
    const std::uint64_t limit = api.services.settings().maxUploadBytes;

    NamedFile file;
    double maxRejectRatio = 0.5;
    StoredPolicy policy;
    core::LoanSet liveLoans;
    std::unique_ptr<core::FileProcessor> processor;
    std::uint64_t bytes = 0;
    bool tooLarge = false;
    const bool complete = readUploadedFile(
        request,
        [&](const Fields& fields, const std::string& partName) {
            file = namedFile(request, fields, partName);
            // The tenant's validation policy in force; its reject ratio is the default limit.
            policy = RulesRepository(api.services.database(), call.caller().schema)
                         .current(file.loanType);
            maxRejectRatio = optionalNumber(ParamSource(request, &fields), kMaxRejectRatio)
                                 .value_or(policy.policy.rejectRatio.value_or(0.5));
            processor = std::make_unique<core::FileProcessor>(file.fileType, file.loanType, nullptr,
                                                              policy.policy.options(), maxFindings);
            // A plan alone is checked against what the warehouse holds live, as a sync of
            // the plan alone would be.
            if (file.fileType == core::FileType::PaymentPlan) {
                const auto& caller = call.caller();
                // Against the credits of the period named (default: the latest period).
                LiveBatchRepository batches(api.services.database(), caller.schema);
                const auto live =
                    file.period.empty()
                        ? batches.find(file.loanType, core::FileType::Credit)
                        : batches.find(file.loanType, core::FileType::Credit, file.period);
                if (live)
                    api.services.warehouse().liveLoans(caller.warehouseDatabase, file.loanType,
                                                       live->batchId, liveLoans);
                processor->setKnownLoans(&liveLoans);
            }
        },
        [&](std::string_view chunk) {
            bytes += chunk.size();
            tooLarge = tooLarge || bytes > limit;
            if (!tooLarge) processor->feed(chunk);
            return true;  // past the limit: read and drop, so the client reads the answer
        });
    if (tooLarge)
        throw ApiError(ApiErrorKind::PayloadTooLarge,
                       "the file is larger than the limit of " + std::to_string(limit) + " bytes",
                       {{"max_bytes", limit}});
    if (!complete) brokenOff(call, "file to check");

    const auto& summary = processor->finish();
    json report = checkReport(file.name, file.loanType, file.fileType, summary, maxRejectRatio);
    report["policy_version"] = policy.version;
    if (file.fileType == core::FileType::PaymentPlan)
        report["cross_reference"] = {
            {"source", "warehouse"},
            {"live_credits", liveLoans.size()},
            {"note", "loan numbers were checked against the tenant's " +
                         std::to_string(liveLoans.size()) + " live " +
                         std::string(core::toText(file.loanType)) +
                         " credits in the warehouse, not against a credit file"}};
    return jsonResponse(report);
}

HttpResponse listUploads(Api& api, RequestContext& call) {
    checkTenantParameter(call);
    const auto& request = call.request;
    const auto loanType = optionalLoanType(request);
    const auto status = optionalEnum(request, kStatus, parseUploadStatus);
    const auto limit = intOrDefault(request, kLimit);
    const auto offset = intOrDefault(request, kOffset);
    json uploads = json::array();
    for (const auto& u : UploadRepository(api.services.database(), call.caller().schema)
                             .list(loanType, status, static_cast<std::size_t>(limit),
                                   static_cast<std::size_t>(offset)))
        uploads.push_back(uploadJson(u));
    return jsonResponse({{"uploads", uploads}, {"limit", limit}, {"offset", offset}});
}

HttpResponse getUpload(Api& api, RequestContext& call) {
    return jsonResponse(
        uploadJson(findUpload(api.services.database(), call.caller(), call.param(0))));
}

}  // namespace findata::agent::uploads
