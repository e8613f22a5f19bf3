// The profile of a view from stored profiles and states: see viewprofile.h.

#include "agent/profiling/viewprofile.h"

#include <spdlog/spdlog.h>

#include "agent/profiling/batchprofile.h"
#include "agent/profiling/profilestore.h"
#include "agent/profiling/warehouseprofile.h"
#include "agent/util/logging.h"

namespace findata::agent {
namespace {

using nlohmann::json;

// Scans one loan type's live rows and stores the profile and its state with the batch (a store
// that fails is logged: the profile is still right).
json scanAndStore(const ProfileView& v, core::LoanType loanType, const std::string& batch,
                  std::string& state, bool keepStoredProfile) {
    auto profile =
        profileFromWarehouse(v.clickhouse, v.warehouseDatabase, v.file, loanType, v.live, &state);
    try {
        ProfileStore store(v.db, v.schema);
        const auto stored = keepStoredProfile ? store.find(batch, v.file) : std::nullopt;
        if (stored)
            store.store(batch, v.file, loanType, stored->source, stored->profile, state);
        else
            store.store(batch, v.file, loanType, "warehouse", profile, state);
    } catch (const std::exception& e) {
        logger("api")->warn("schema {}: the profile of batch {} not stored: {}", v.schema, batch,
                            e.what());
    }
    return profile;
}

}  // namespace

json viewProfile(const ProfileView& v) {
    if (v.loanType) {
        const std::string* batch = v.live.find(v.file, *v.loanType);
        if (!batch) {
            auto profile =
                profileFromWarehouse(v.clickhouse, v.warehouseDatabase, v.file, v.loanType, v.live);
            profile["source"] = "warehouse";
            return profile;
        }
        if (auto stored = ProfileStore(v.db, v.schema).find(*batch, v.file)) {
            stored->profile["source"] = stored->source;
            return std::move(stored->profile);
        }
        std::string state;
        auto profile = scanAndStore(v, *v.loanType, *batch, state, false);
        profile["source"] = "warehouse";
        return profile;
    }
    // Both loan types: each live batch's state, merged.
    profiling::BatchProfile merged(v.file, std::nullopt);
    bool scanned = false;
    for (const auto loanType : core::kLoanTypes) {
        const std::string* batch = v.live.find(v.file, loanType);
        if (!batch) continue;
        std::optional<profiling::BatchProfile> part;
        if (auto state = ProfileStore(v.db, v.schema).findState(*batch, v.file)) {
            part = profiling::BatchProfile::fromState(*state, v.file, loanType);
            if (!part)
                logger("api")->warn(
                    "schema {}: the stored profile state of batch {} ({}) is of another version "
                    "or damaged; its rows are profiled again",
                    v.schema, *batch, core::toText(v.file));
        }
        if (!part) {
            std::string state;
            scanAndStore(v, loanType, *batch, state, true);
            part = profiling::BatchProfile::fromState(state, v.file, loanType);
            scanned = true;
        }
        if (!part) {  // cannot happen: a state just written is read back
            auto profile = profileFromWarehouse(v.clickhouse, v.warehouseDatabase, v.file,
                                                std::nullopt, v.live);
            profile["source"] = "warehouse";
            return profile;
        }
        try {
            merged.merge(*part);
        } catch (const std::runtime_error& e) {  // a numeric unique key: no state stands for it
            logger("api")->info("schema {}: {} profiles do not merge ({}); scanning both", v.schema,
                                core::toText(v.file), e.what());
            auto profile = profileFromWarehouse(v.clickhouse, v.warehouseDatabase, v.file,
                                                std::nullopt, v.live);
            profile["source"] = "warehouse";
            return profile;
        }
    }
    auto profile = merged.toJson();
    profile["source"] = scanned ? "warehouse" : "merged";
    return profile;
}

}  // namespace findata::agent
