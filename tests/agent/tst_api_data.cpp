// GET /api/data/, /api/profiling/ and /api/kpis/ against a real agent: paging, sorting and
// filters checked against the data, refusals and injection attempts, a profile equal to an
// independent computation from the CSV, KPIs that add up, tenant isolation, and caches that a
// sync invalidates.

#include <QSet>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/warehouse.h"
#include "core/decimal.h"
#include "core/fileprocessor.h"
#include "core/generator.h"
#include "support/agentprocess.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;

namespace {

std::string sample(LoanType loanType, FileType fileType) {
    return test::samplePath("BANK001", loanType, fileType);
}

// What the core accepts from BANK001's retail credit file, computed without the warehouse.
struct Reference final : core::RowSink {
    int amount = core::fieldIndex(FileType::Credit, "original_loan_amount");
    int outstanding = core::fieldIndex(FileType::Credit, "outstanding_principal_balance");
    int customerType = core::fieldIndex(FileType::Credit, "customer_type");
    int dpd = core::fieldIndex(FileType::Credit, "days_past_due");
    std::uint64_t rows = 0;
    std::int64_t minAmount = INT64_MAX, maxAmount = INT64_MIN, sumAmount = 0, sumOutstanding = 0;
    std::map<std::string, std::uint64_t> customerTypes;
    std::uint64_t dpdOver30 = 0;
    std::vector<std::int64_t> amounts;

    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        ++rows;
        const auto a = row.values[std::size_t(amount)].i;
        minAmount = std::min(minAmount, a);
        maxAmount = std::max(maxAmount, a);
        sumAmount += a;
        amounts.push_back(a);
        sumOutstanding += row.values[std::size_t(outstanding)].i;
        ++customerTypes[std::string(row.values[std::size_t(customerType)].s)];
        const auto& d = row.values[std::size_t(dpd)];
        if (!d.null && d.i >= 31) ++dpdOver30;
    }
};

std::string money(std::int64_t units) {
    return core::toText(core::Decimal{units, 2});
}

// Decimal text of the API as exact units at `scale`.
std::int64_t units(const QJsonValue& v, int scale = 2) {
    const auto parsed = core::parseDecimal(v.toString().toStdString(), scale, false);
    if (!parsed.ok()) qWarning("not a decimal: %s", qPrintable(v.toString()));
    return parsed.value.units;
}

// One query parameter; names and values may be literals or QStrings.
struct Param {
    QString name, value;
    Param(const char* n, const char* v) : name(QString::fromUtf8(n)), value(QString::fromUtf8(v)) {}
    Param(const char* n, QString v) : name(QString::fromUtf8(n)), value(std::move(v)) {}
    Param(QString n, QString v) : name(std::move(n)), value(std::move(v)) {}
};

QString query(std::initializer_list<Param> items) {
    QUrlQuery q;
    for (const auto& p : items)
        q.addQueryItem(p.name, QString::fromUtf8(QUrl::toPercentEncoding(p.value)));
    return q.toString(QUrl::FullyEncoded);
}

}  // namespace

class TestApiData final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_services =
            std::make_unique<Services>(test::testSettings(m_dir.path().toStdString()), nullptr);

        m_tenant = test::createTestTenant("DATA");
        m_other = test::createTestTenant("DATB");
        for (const auto lt : core::kLoanTypes)
            QCOMPARE(syncFiles(lt, {{FileType::Credit, sample(lt, FileType::Credit)},
                                    {FileType::PaymentPlan, sample(lt, FileType::PaymentPlan)}}),
                     SyncStatus::Completed);

        core::FileProcessor p(FileType::Credit, LoanType::Retail, &m_reference);
        std::ifstream in(sample(LoanType::Retail, FileType::Credit), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        p.feed(text);
        p.finish();
        QCOMPARE(m_reference.rows, std::uint64_t(300));

        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY(m_agent->ok());
        m_api = std::make_unique<test::ApiClient>(m_agent->url(), m_tenant.key);
    }
    void cleanupTestCase() {
        m_api.reset();
        m_agent.reset();
        if (m_services) {
            m_services->warehouse().dropTenant(m_tenant.warehouseDatabase);
            m_services->warehouse().dropTenant(m_other.warehouseDatabase);
        }
        m_services.reset();
    }

    void pagesAreDisjointAndComplete() {
        QSet<QString> seen;
        for (int page = 1; page <= 3; ++page) {
            const auto reply = data(
                {{"loan_type", "RETAIL"}, {"page", QString::number(page)}, {"page_size", "100"}});
            QCOMPARE(reply.status, 200);
            const auto body = reply.json();
            QCOMPARE(body[u"total"].toInteger(), qint64(300));
            QCOMPARE(body[u"page"].toInteger(), qint64(page));
            const auto rows = body[u"rows"].toArray();
            QCOMPARE(rows.size(), 100);
            for (const auto& row : rows) {
                const auto loan = row.toArray()[column(body, "loan_account_number")].toString();
                QVERIFY2(!seen.contains(loan), qPrintable(loan + u" on two pages"_qs));
                seen.insert(loan);
            }
        }
        QCOMPARE(seen.size(), 300);
        // Past the end: no rows, same total; a huge page size is capped.
        auto reply = data({{"loan_type", "RETAIL"}, {"page", "4"}, {"page_size", "100"}});
        QCOMPARE(reply.json()[u"rows"].toArray().size(), 0);
        QCOMPARE(reply.json()[u"total"].toInteger(), qint64(300));
        reply = data({{"page_size", "100000"}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()[u"page_size"].toInteger(), qint64(500));
        QCOMPARE(reply.json()[u"rows"].toArray().size(), 500);
        QCOMPARE(reply.json()[u"total"].toInteger(), qint64(500));  // both loan types
        // Columns carry their warehouse type and whether they are numbers.
        bool sawAmount = false;
        for (const auto& c : reply.json()[u"columns"].toArray()) {
            if (c[u"name"].toString() == u"original_loan_amount") {
                sawAmount = true;
                QCOMPARE(c[u"type"].toString(), QStringLiteral("Decimal(18, 2)"));
                QVERIFY(c[u"numeric"].toBool());
            }
        }
        QVERIFY(sawAmount);
        // The payment plan is its own data type.
        reply = data({{"loan_type", "COMMERCIAL"}, {"data_type", "payment_plan"}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()[u"total"].toInteger(), qint64(800));
    }

    void sortingOrdersRows_data() {
        QTest::addColumn<QString>("sort");
        QTest::addColumn<QString>("order");
        for (const char* c : {"original_loan_amount", "days_past_due", "loan_start_date",
                              "customer_id", "nominal_interest_rate"})
            for (const char* o : {"asc", "desc"})
                QTest::addRow("%s %s", c, o) << QString::fromLatin1(c) << QString::fromLatin1(o);
    }
    void sortingOrdersRows() {
        QFETCH(QString, sort);
        QFETCH(QString, order);
        const auto reply =
            data({{"loan_type", "RETAIL"}, {"sort", sort}, {"order", order}, {"page_size", "500"}});
        QCOMPARE(reply.status, 200);
        const auto body = reply.json();
        const auto rows = body[u"rows"].toArray();
        QCOMPARE(rows.size(), 300);
        const int c = column(body, sort.toStdString());
        const int loan = column(body, "loan_account_number");
        const bool desc = order == u"desc";
        bool sawNull = false;
        int distinctSteps = 0;
        for (qsizetype i = 1; i < rows.size(); ++i) {
            const auto a = rows[i - 1].toArray(), b = rows[i].toArray();
            if (b[c].isNull()) {  // no value sorts last in both directions
                sawNull = true;
                continue;
            }
            QVERIFY2(!sawNull && !a[c].isNull(), "a value after a row without one");
            const int cmp = compare(a[c], b[c]);
            QVERIFY2(desc ? cmp >= 0 : cmp <= 0,
                     qPrintable(QStringLiteral("row %1 out of order").arg(i)));
            if (cmp == 0)  // ties: by the key in the sort's direction, so pages never overlap
                QVERIFY(desc ? a[loan].toString() > b[loan].toString()
                             : a[loan].toString() < b[loan].toString());
            else
                ++distinctSteps;
        }
        QVERIFY(distinctSteps > 10);
        if (sort == u"original_loan_amount") {
            const auto first = rows.first().toArray()[c];
            QCOMPARE(first.toString().toStdString(),
                     money(desc ? m_reference.maxAmount : m_reference.minAmount));
        }
    }

    void filtersSelectRows() {
        // Equality on a code, by stored word or input code, and per value totals add up.
        std::uint64_t sum = 0;
        for (const auto& [word, count] : m_reference.customerTypes) {
            const auto reply = data({{"loan_type", "RETAIL"},
                                     {"customer_type", QString::fromStdString(word)},
                                     {"page_size", "500"}});
            QCOMPARE(reply.status, 200);
            const auto body = reply.json();
            QCOMPARE(std::uint64_t(body[u"total"].toInteger()), count);
            const int c = column(body, "customer_type");
            for (const auto& row : body[u"rows"].toArray())
                QCOMPARE(row.toArray()[c].toString().toStdString(), word);
            sum += count;
        }
        QCOMPARE(sum, std::uint64_t(300));
        QCOMPARE(data({{"loan_type", "RETAIL"}, {"customer_type", "I"}}).json()[u"total"],
                 QJsonValue(qint64(m_reference.customerTypes["INDIVIDUAL"])));
        // Ranges on an integer and an amount, against the CSV.
        QCOMPARE(data({{"loan_type", "RETAIL"}, {"days_past_due__gte", "31"}}).json()[u"total"],
                 QJsonValue(qint64(m_reference.dpdOver30)));
        auto sorted = m_reference.amounts;
        std::sort(sorted.begin(), sorted.end());
        const auto low = sorted[50], high = sorted[200];
        const auto inRange = std::count_if(sorted.begin(), sorted.end(),
                                           [&](auto a) { return a >= low && a <= high; });
        const auto reply = data({{"loan_type", "RETAIL"},
                                 {"original_loan_amount__gte", QString::fromStdString(money(low))},
                                 {"original_loan_amount__lte", QString::fromStdString(money(high))},
                                 {"page_size", "500"}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()[u"total"].toInteger(), qint64(inRange));
        const int c = column(reply.json(), "original_loan_amount");
        for (const auto& row : reply.json()[u"rows"].toArray()) {
            const auto a = units(row.toArray()[c]);
            QVERIFY(a >= low && a <= high);
        }
        // A date range in the input files' own format, and one exact loan.
        QVERIFY(data({{"loan_type", "RETAIL"}, {"loan_start_date__gte", "20000101"}})
                    .json()[u"total"]
                    .toInteger() > 0);
        const auto one = data(
            {{"loan_account_number", reply.json()[u"rows"][0]
                                         .toArray()[column(reply.json(), "loan_account_number")]
                                         .toString()}});
        QCOMPARE(one.json()[u"total"].toInteger(), qint64(1));
    }

    // format=csv: every matching row in the page order, the same values as the JSON pages.
    void csvExportHoldsEveryMatchingRow() {
        const auto page = data({{"loan_type", "RETAIL"},
                                {"sort", "original_loan_amount"},
                                {"order", "desc"},
                                {"page_size", "500"}});
        const auto csv = data({{"loan_type", "RETAIL"},
                               {"sort", "original_loan_amount"},
                               {"order", "desc"},
                               {"format", "csv"}});
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.headers.value("content-type").startsWith("text/csv"));
        auto lines = QString::fromUtf8(csv.body).split(u"\r\n"_qs);
        QCOMPARE(lines.takeLast(), QString());  // the last line ends like the others
        const auto body = page.json();
        const auto columns = body[u"columns"].toArray();
        QStringList names;
        for (const auto& c : columns)
            names << c[u"name"].toString();
        QCOMPARE(lines.takeFirst(), names.join(u';'));
        const auto rows = body[u"rows"].toArray();
        QCOMPARE(lines.size(), rows.size());
        QCOMPARE(lines.size(), 300);
        int nulls = 0;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const auto fields = lines[i].split(u';');  // the sample holds no ';' in values
            const auto row = rows[i].toArray();
            QCOMPARE(fields.size(), row.size());
            for (qsizetype c = 0; c < row.size(); ++c) {
                const auto& v = row[c];
                const auto expected = v.isNull()     ? QString()
                                      : v.isString() ? v.toString()
                                                     : QString::number(v.toInteger());
                nulls += v.isNull();
                QVERIFY2(fields[c] == expected, qPrintable(u"row %1 %2: %3 != %4"_qs.arg(i).arg(
                                                    names[c], fields[c], expected)));
            }
        }
        QVERIFY(nulls > 0);  // NULL is an empty field, not \N
        // Filters apply as to pages; an unknown format is refused.
        const auto filtered =
            data({{"loan_type", "RETAIL"}, {"days_past_due__gte", "31"}, {"format", "csv"}});
        QCOMPARE(filtered.body.count("\r\n"), qsizetype(m_reference.dpdOver30 + 1));
        QCOMPARE(data({{"format", "xml"}}).status, 400);
    }

    void badRequestsAreRefused_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("parameter");
        const auto add = [](const char* name, const QString& path, const char* parameter) {
            QTest::addRow("%s", name) << path << QString::fromLatin1(parameter);
        };
        add("unknown filter column", u"/api/data/?no_such_column=1"_qs, "no_such_column");
        add("unknown sort column", u"/api/data/?sort=no_such_column"_qs, "sort");
        add("sort injection",
            u"/api/data/?"_qs + query({{"sort", "loan_account_number;DROP TABLE x"}}), "sort");
        add("sort expression", u"/api/data/?"_qs + query({{"sort", "length(customer_id)"}}),
            "sort");
        add("bad order", u"/api/data/?order=sideways"_qs, "order");
        add("page zero", u"/api/data/?page=0"_qs, "page");
        add("page not a number", u"/api/data/?page=abc"_qs, "page");
        add("negative page size", u"/api/data/?page_size=-5"_qs, "page_size");
        add("unknown loan type", u"/api/data/?loan_type=MORTGAGE"_qs, "loan_type");
        add("unknown data type", u"/api/data/?data_type=customers"_qs, "data_type");
        add("integer filter with text", u"/api/data/?days_past_due=abc"_qs, "days_past_due");
        add("amount with three decimals", u"/api/data/?original_loan_amount=1.234"_qs,
            "original_loan_amount");
        add("no such day", u"/api/data/?loan_start_date__gte=2024-02-30"_qs,
            "loan_start_date__gte");
        add("code injection", u"/api/data/?"_qs + query({{"customer_type", "I' OR '1'='1"}}),
            "customer_type");
        add("range on a code", u"/api/data/?customer_type__gte=A"_qs, "customer_type__gte");
        add("column of the other loan type",
            u"/api/data/?loan_type=COMMERCIAL&insurance_included=1"_qs, "insurance_included");
        add("profile of an unknown data type", u"/api/profiling/?data_type=x"_qs, "data_type");
        add("profile with a filter", u"/api/profiling/?customer_type=I"_qs, "customer_type");
        add("kpis of an unknown loan type", u"/api/kpis/?loan_type=car"_qs, "loan_type");
    }
    void badRequestsAreRefused() {
        QFETCH(QString, path);
        QFETCH(QString, parameter);
        const auto reply = m_api->get(path);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), QStringLiteral("bad_request"));
        QCOMPARE(reply.json()[u"error"][u"details"][u"parameter"].toString(), parameter);
    }

    void injectedValuesMatchNothing_data() {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("value");
        QTest::addRow("quote in text") << u"customer_id"_qs << u"x' OR '1'='1"_qs;
        QTest::addRow("comment") << u"loan_account_number"_qs << u"LOAN_1' --"_qs;
        QTest::addRow("backslash and quote") << u"customer_id"_qs << u"\\' OR 1=1 --"_qs;
        QTest::addRow("statement") << u"internal_rating"_qs << u"'; DROP TABLE fact_credit; --"_qs;
    }
    void injectedValuesMatchNothing() {
        QFETCH(QString, column);
        QFETCH(QString, value);
        const auto reply = data({{column, value}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()[u"total"].toInteger(), qint64(0));
        QCOMPARE(data({}).json()[u"total"].toInteger(), qint64(500));  // the data is intact
    }

    void profileMatchesTheCsv() {
        const auto reply = m_api->get(u"/api/profiling/?loan_type=RETAIL&data_type=credit"_qs);
        QCOMPARE(reply.status, 200);
        const auto body = reply.json();
        QCOMPARE(body[u"rows"].toInteger(), qint64(300));
        // Stored by the sync that loaded the batch, not computed now.
        QCOMPARE(body[u"source"].toString(), u"sync"_qs);
        const auto amount = profileOf(body, "original_loan_amount");
        QCOMPARE(amount[u"count"].toInteger(), qint64(300));
        QCOMPARE(amount[u"nulls"].toInteger(), qint64(0));
        QCOMPARE(amount[u"min"].toString().toStdString(), money(m_reference.minAmount));
        QCOMPARE(amount[u"max"].toString().toStdString(), money(m_reference.maxAmount));
        QCOMPARE(amount[u"sum"].toString().toStdString(), money(m_reference.sumAmount));
        const double mean = double(m_reference.sumAmount) / 100.0 / 300.0;
        QVERIFY(std::abs(amount[u"mean"].toDouble() - mean) < 1e-6 * mean);
        const auto p50 = amount[u"quantiles"][u"p50"].toDouble();
        QVERIFY(p50 >= double(m_reference.minAmount) / 100 &&
                p50 <= double(m_reference.maxAmount) / 100);
        qint64 inBuckets = 0;
        for (const auto& b : amount[u"histogram"].toArray())
            inBuckets += b[u"count"].toInteger();
        QCOMPARE(amount[u"histogram"].toArray().size(), 20);
        QCOMPARE(inBuckets, 300);

        const auto type = profileOf(body, "customer_type");
        QCOMPARE(std::size_t(type[u"distinct"].toInteger()), m_reference.customerTypes.size());
        const auto top =
            std::max_element(m_reference.customerTypes.begin(), m_reference.customerTypes.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        QCOMPARE(type[u"most_frequent"].toString().toStdString(), top->first);
        for (const auto& v : type[u"top_values"].toArray())
            QCOMPARE(std::uint64_t(v[u"count"].toInteger()),
                     m_reference.customerTypes.at(v[u"value"].toString().toStdString()));
        // Retail has no commercial-only columns; a nullable column reports its nulls.
        QVERIFY(profileOf(body, "sector_code").isEmpty());
        const auto closing = profileOf(body, "loan_closing_date");
        QCOMPARE(closing[u"count"].toInteger() + closing[u"nulls"].toInteger(), qint64(300));
        // The second read is served from the cache, identical.
        const auto again = m_api->get(u"/api/profiling/?loan_type=RETAIL&data_type=credit"_qs);
        QCOMPARE(again.headers.value("x-cache"), QByteArray("hit"));
        QCOMPARE(again.body, reply.body);
    }

    // Both loan types at once: the states stored with each loan type's profile merged (no
    // scan), every row of both.
    void profileOfBothLoanTypes() {
        const auto reply = m_api->get(u"/api/profiling/?data_type=credit"_qs);
        QCOMPARE(reply.status, 200);
        const auto body = reply.json();
        QCOMPARE(body[u"source"].toString(), u"merged"_qs);
        QCOMPARE(body[u"rows"].toInteger(), qint64(500));
        QCOMPARE(profileOf(body, "customer_type")[u"count"].toInteger(), qint64(500));
        // The commercial-only columns are there, null for the retail rows.
        QVERIFY(profileOf(body, "sector_code")[u"nulls"].toInteger() >= 300);
    }

    void kpisAddUp_data() {
        QTest::addColumn<QString>("loanType");
        QTest::addColumn<int>("credits");
        QTest::addColumn<int>("paymentRows");
        QTest::addRow("retail") << u"RETAIL"_qs << 300 << 1200;
        QTest::addRow("commercial") << u"COMMERCIAL"_qs << 200 << 800;
        QTest::addRow("both") << QString() << 500 << 2000;
    }
    void kpisAddUp() {
        QFETCH(QString, loanType);
        QFETCH(int, credits);
        QFETCH(int, paymentRows);
        const auto reply = m_api->get(
            u"/api/kpis/"_qs + (loanType.isEmpty() ? QString() : u"?loan_type="_qs + loanType));
        QCOMPARE(reply.status, 200);
        const auto body = reply.json();
        QCOMPARE(body[u"credits"].toInteger(), qint64(credits));
        QCOMPARE(body[u"payment_plan_rows"].toInteger(), qint64(paymentRows));
        const auto total = units(body[u"outstanding_principal"]);
        if (loanType == u"RETAIL") QCOMPARE(total, m_reference.sumOutstanding);
        qint64 statusCredits = 0, bucketCredits = 0;
        std::int64_t statusOutstanding = 0, bucketOutstanding = 0;
        for (const auto& s : body[u"by_status"].toObject()) {
            statusCredits += s[u"credits"].toInteger();
            statusOutstanding += units(s[u"outstanding_principal"]);
        }
        for (const auto& b : body[u"days_past_due"].toArray()) {
            bucketCredits += b[u"credits"].toInteger();
            bucketOutstanding += units(b[u"outstanding_principal"]);
        }
        QCOMPARE(statusCredits, qint64(credits));
        QCOMPARE(statusOutstanding, total);
        QCOMPARE(bucketCredits, qint64(credits));
        QCOMPARE(bucketOutstanding, total);
        QCOMPARE(body[u"days_past_due"].toArray().size(), 6);
        const double rate = body[u"weighted_average_rate"].toDouble();
        QVERIFY2(rate > 0.0 && rate < 10.0, qPrintable(QString::number(rate)));
    }

    void otherTenantsAreInvisible_data() {
        QTest::addColumn<QString>("path");
        QTest::addRow("data") << u"/api/data/"_qs;
        QTest::addRow("profiling") << u"/api/profiling/"_qs;
        QTest::addRow("kpis") << u"/api/kpis/"_qs;
    }
    void otherTenantsAreInvisible() {
        QFETCH(QString, path);
        // Another tenant's id answers as a tenant that does not exist.
        auto other = m_api->get(path + u"?tenant_id="_qs + m_other.id);
        auto missing = m_api->get(path + u"?tenant_id=NOSUCHBANK"_qs);
        QCOMPARE(other.status, 404);
        QCOMPARE(other.errorCode(), QStringLiteral("not_found"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(other.body.replace(m_other.id.toUtf8(), "X"),
                 missing.body.replace("NOSUCHBANK", "X"));
        QCOMPARE(m_api->get(path + u"?tenant_id="_qs + m_tenant.id).status, 200);
        // The other tenant's own key sees its own, empty, warehouse.
        test::ApiClient otherApi(m_agent->url(), m_other.key);
        const auto own = otherApi.get(path);
        QCOMPARE(own.status, 200);
        if (path == u"/api/data/") QCOMPARE(own.json()[u"total"].toInteger(), qint64(0));
        if (path == u"/api/kpis/") QCOMPARE(own.json()[u"credits"].toInteger(), qint64(0));
        // No key, no data.
        test::ApiClient anonymous(m_agent->url());
        QCOMPARE(anonymous.get(path).status, 401);
    }

    // Last: replaces the retail data.
    void aSyncInvalidatesTheCaches() {
        const auto profile = u"/api/profiling/?loan_type=RETAIL"_qs;
        const auto before = m_api->get(profile);
        QCOMPARE(before.json()[u"rows"].toInteger(), qint64(300));
        QCOMPARE(m_api->get(profile).headers.value("x-cache"), QByteArray("hit"));
        const auto kpis = m_api->get(u"/api/kpis/"_qs);
        const auto page = data({{"loan_type", "RETAIL"}});
        QCOMPARE(page.json()[u"total"].toInteger(), qint64(300));

        QTemporaryDir gen;
        core::GeneratorOptions o;
        o.loanType = LoanType::Retail;
        o.creditRows = 50;
        o.paymentRows = 100;
        o.seed = 7;
        const auto dir = gen.path().toStdString();
        {
            std::ofstream credit(dir + "/credit.csv", std::ios::binary);
            core::generateCredit(
                o, [&](std::string_view s) { credit.write(s.data(), long(s.size())); });
            std::ofstream plan(dir + "/payment_plan.csv", std::ios::binary);
            core::generatePaymentPlan(
                o, [&](std::string_view s) { plan.write(s.data(), long(s.size())); });
        }
        // Synced by another process than the agent: the cache must notice all the same.
        QCOMPARE(syncFiles(LoanType::Retail, {{FileType::Credit, dir + "/credit.csv"},
                                              {FileType::PaymentPlan, dir + "/payment_plan.csv"}}),
                 SyncStatus::Completed);
        const auto after = m_api->get(profile);
        QCOMPARE(after.headers.value("x-cache"), QByteArray("miss"));
        QCOMPARE(after.json()[u"rows"].toInteger(), qint64(50));
        QVERIFY(after.body != before.body);
        QCOMPARE(data({{"loan_type", "RETAIL"}}).json()[u"total"].toInteger(), qint64(50));
        const auto kpisAfter = m_api->get(u"/api/kpis/"_qs).json();
        QCOMPARE(kpisAfter[u"credits"].toInteger(), qint64(250));
        QVERIFY(kpisAfter[u"outstanding_principal"] != kpis.json()[u"outstanding_principal"]);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Services> m_services;
    test::TestTenant m_tenant, m_other;
    Reference m_reference;
    std::unique_ptr<test::AgentProcess> m_agent;
    std::unique_ptr<test::ApiClient> m_api;

    SyncStatus syncFiles(LoanType lt, const std::vector<std::pair<FileType, std::string>>& files) {
        const auto tenant =
            TenantRepository(m_services->database()).find(m_tenant.id.toStdString());
        if (!tenant) return SyncStatus::Failed;
        for (const auto& [ft, path] : files)
            m_services->uploadIntake().stageFile(*tenant, lt, ft, path, "test");
        return m_services->syncEngine()
            .run(SyncRequest{tenant->id, lt, SyncTrigger::Manual, "test"})
            .status;
    }
    test::ApiReply data(std::initializer_list<Param> items) {
        return m_api->get(u"/api/data/?"_qs + query(items));
    }
    static int column(const QJsonObject& body, const std::string& name) {
        const auto columns = body[u"columns"].toArray();
        for (qsizetype i = 0; i < columns.size(); ++i)
            if (columns[i][u"name"].toString().toStdString() == name) return int(i);
        return -1;
    }
    static QJsonObject profileOf(const QJsonObject& body, const char* name) {
        for (const auto& c : body[u"columns"].toArray())
            if (c[u"name"].toString() == QLatin1String(name)) return c.toObject();
        return {};
    }
    // Orders two cells of one column: decimals exactly, integers, dates and text as text.
    static int compare(const QJsonValue& a, const QJsonValue& b) {
        if (a.isDouble()) return a.toDouble() < b.toDouble() ? -1 : a.toDouble() > b.toDouble();
        const auto sa = a.toString().toStdString(), sb = b.toString().toStdString();
        const auto da = core::parseDecimal(sa, 6, false), db = core::parseDecimal(sb, 6, false);
        if (da.ok() && db.ok() && sa.find('-') == std::string::npos)
            return da.value.units < db.value.units ? -1 : da.value.units > db.value.units;
        return sa.compare(sb) < 0 ? -1 : sa.compare(sb) > 0;
    }
};

QTEST_GUILESS_MAIN(TestApiData)
#include "tst_api_data.moc"
