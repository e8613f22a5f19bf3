// Validation policy versions: see rulesrepository.h.

#include "agent/store/rulesrepository.h"

namespace findata::agent {

RulesRepository::RulesRepository(Database& db, std::string_view schema)
    : m_db(db), m_table(qualifiedTable(schema, "validation_policies")) {}

namespace {

StoredPolicy toStored(const pqxx::row& row, core::LoanType loanType) {
    StoredPolicy s;
    s.loanType = loanType;
    s.version = row[0].as<int>();
    s.setBy = row[2].as<std::string>();
    s.setAt = fromMicros(row[3].as<std::int64_t>());
    try {
        s.policy = policyFromJson(nlohmann::json::parse(row[1].as<std::string>()), loanType);
    } catch (const std::exception& e) {
        // Stored by an older build with other rules: say so rather than apply half of it.
        throw StoreError(StoreError::Kind::Internal,
                         "the stored " + std::string(core::toText(loanType)) +
                             " validation policy version " + std::to_string(s.version) +
                             " cannot be read: " + e.what());
    }
    return s;
}

}  // namespace

StoredPolicy RulesRepository::current(core::LoanType loanType) {
    return m_db.transact([&](pqxx::work& tx) {
        const auto result = tx.exec_params(
            "SELECT version, policy::text, set_by, " + epochMicrosSql("set_at") + " FROM " +
                m_table + " WHERE loan_type = $1 ORDER BY version DESC LIMIT 1",
            std::string(core::toText(loanType)));
        if (result.empty()) {
            StoredPolicy none;
            none.loanType = loanType;
            return none;
        }
        return toStored(result[0], loanType);
    });
}

std::optional<StoredPolicy> RulesRepository::find(core::LoanType loanType, int version) {
    return m_db.transact([&](pqxx::work& tx) -> std::optional<StoredPolicy> {
        const auto result =
            tx.exec_params("SELECT version, policy::text, set_by, " + epochMicrosSql("set_at") +
                               " FROM " + m_table + " WHERE loan_type = $1 AND version = $2",
                           std::string(core::toText(loanType)), version);
        if (result.empty()) return std::nullopt;
        return toStored(result[0], loanType);
    });
}

StoredPolicy RulesRepository::put(core::LoanType loanType, const RulesPolicy& policy,
                                  std::string_view actor) {
    const std::string json = policyToJson(policy).dump();
    return m_db.transact([&](pqxx::work& tx) {
        // Writers take turns (readers are not blocked): each version number is given once.
        tx.exec0("LOCK TABLE " + m_table + " IN EXCLUSIVE MODE");
        const auto row = tx.exec_params1(
            "INSERT INTO " + m_table +
                " (loan_type, version, policy, set_by) SELECT $1, coalesce(max(version), 0) + 1,"
                " $2::jsonb, $3 FROM " +
                m_table + " WHERE loan_type = $1 RETURNING version, policy::text, set_by, " +
                epochMicrosSql("set_at"),
            std::string(core::toText(loanType)), json, std::string(actor));
        return toStored(row, loanType);
    });
}

}  // namespace findata::agent
