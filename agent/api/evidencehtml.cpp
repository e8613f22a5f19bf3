// The evidence pack as a printable HTML page: see evidencehtml.h.

#include "agent/api/evidencehtml.h"

#include <cstdint>
#include <string>

namespace findata::agent {
namespace {

using nlohmann::json;

constexpr std::string_view kStyle =
    "body{font-family:sans-serif;font-size:10pt;margin:1.5em;color:#111}"
    "h1{font-size:15pt;margin-bottom:0.2em}h2{font-size:12pt;margin-top:1.4em;"
    "border-bottom:1px solid #888}"
    "table{border-collapse:collapse;margin:0.4em 0;width:100%}"
    "th,td{border:1px solid #bbb;padding:2px 5px;text-align:left;vertical-align:top}"
    "th{background:#eee}td.n{text-align:right;white-space:nowrap}"
    ".mono{font-family:monospace;word-break:break-all}.error{color:#b3261e}"
    ".warning{color:#9a6700}.file-level{font-weight:bold}.muted{color:#555}"
    "@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}";

// 1234567 → "1,234,567".
std::string grouped(std::uint64_t n) {
    auto digits = std::to_string(n);
    for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), 1, ',');
    return digits;
}

// Any JSON value as escaped text: strings as they are, numbers grouped, null as "—".
std::string text(const json& value) {
    if (value.is_null()) return "—";
    if (value.is_string()) return htmlEscape(value.get<std::string>());
    if (value.is_number_unsigned()) return grouped(value.get<std::uint64_t>());
    if (value.is_number_integer()) {
        const auto n = value.get<std::int64_t>();
        return n < 0 ? "-" + grouped(static_cast<std::uint64_t>(-n))
                     : grouped(static_cast<std::uint64_t>(n));
    }
    if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
    return htmlEscape(value.dump());
}

std::string member(const json& object, const char* key) {
    return object.is_object() && object.contains(key) ? text(object[key]) : "—";
}

std::string row(std::string_view label, const std::string& value, bool mono = false) {
    return "<tr><th>" + htmlEscape(label) + "</th><td" + (mono ? " class=\"mono\"" : "") + ">" +
           value + "</td></tr>\n";
}

std::string cell(const std::string& value, const char* cls = nullptr) {
    return std::string("<td") + (cls ? std::string(" class=\"") + cls + "\"" : "") + ">" + value +
           "</td>";
}

std::string syncPart(const json& sync) {
    std::string out = "<h2>Sync</h2>\n<table>\n";
    out += row("Sync id", member(sync, "id"), true);
    out += row("Tenant", member(sync["tenant"], "id") + " — " + member(sync["tenant"], "name"));
    out += row("Loan type", member(sync, "loan_type"));
    out += row("Trigger", member(sync, "trigger"));
    out += row("Actor", member(sync, "actor"));
    out += row("Started", member(sync, "started_at"));
    out += row("Finished", member(sync, "finished_at"));
    out += row("Duration (ms)", member(sync, "duration_ms"));
    out += row("Status", member(sync, "status"));
    out += row("Reason", member(sync, "reason"));
    out += row("Rows read / accepted / rejected", member(sync, "rows_read") + " / " +
                                                      member(sync, "rows_accepted") + " / " +
                                                      member(sync, "rows_rejected"));
    std::string stages;
    if (sync.contains("stage_timings_ms") && sync["stage_timings_ms"].is_object())
        for (const auto& [stage, ms] : sync["stage_timings_ms"].items())
            stages += htmlEscape(stage) + ": " + text(ms) + " ms<br>";
    out += row("Stage timings", stages.empty() ? "—" : stages);
    return out + "</table>\n";
}

std::string totalsText(const json& totals) {
    if (!totals.is_object()) return "—";
    std::string out = "rows " + member(totals, "rows");
    if (totals.contains("sums") && totals["sums"].is_object())
        for (const auto& [field, sum] : totals["sums"].items())
            out += "<br>" + htmlEscape(field) + " " + text(sum);
    return out;
}

std::string filesPart(const json& files) {
    std::string out = "<h2>Files</h2>\n";
    if (!files.is_array() || files.empty()) return out + "<p>No file was read.</p>\n";
    for (const auto& file : files) {
        out += "<table>\n";
        out += row("File type", member(file, "file_type"));
        out += row("Source", member(file, "source"));
        out += row("Original name", member(file, "original_name"));
        out += row("Size (bytes)", member(file, "size_bytes"));
        out += row("SHA-256 as uploaded", member(file, "sha256"), true);
        out += row("Upload id", member(file, "upload_id"), true);
        out += row("Uploaded by / at",
                   member(file, "uploaded_by") + " / " + member(file, "uploaded_at"));
        out += row("Rows read / accepted / rejected", member(file, "rows_read") + " / " +
                                                          member(file, "rows_accepted") + " / " +
                                                          member(file, "rows_rejected"));
        const auto& totals = file.contains("control_totals") ? file["control_totals"] : json();
        out += row(
            "Control totals in the file",
            totalsText(totals.is_object() && totals.contains("file") ? totals["file"] : json()));
        out +=
            row("Control totals in the warehouse",
                totalsText(totals.is_object() && totals.contains("warehouse") ? totals["warehouse"]
                                                                              : json()));
        out += row("Totals match", member(totals, "matches"));
        out += "</table>\n";
    }
    return out;
}

std::string findingsPart(const json& findings) {
    std::string out = "<h2>Findings</h2>\n<p>" + member(findings, "errors") + " errors, " +
                      member(findings, "warnings") + " warnings; " + member(findings, "stored") +
                      " findings stored, " + member(findings, "not_stored") +
                      " counted past the cap only.</p>\n";
    const auto& groups = findings.contains("groups") ? findings["groups"] : json::array();
    if (groups.empty()) return out + "<p>No finding.</p>\n";
    // The rules that fired on most rows of a file, as one sentence each, first.
    std::string fileLevel;
    for (const auto& g : groups)
        if (g.value("scope", "") == "file") fileLevel += "<li>" + member(g, "summary") + "</li>";
    if (!fileLevel.empty())
        out +=
            "<p class=\"file-level\">On most rows of a file (every finding still counted "
            "below):</p>\n<ul>" +
            fileLevel + "</ul>\n";
    out +=
        "<table>\n<tr><th>Severity</th><th>File</th><th>Field</th><th>Error type</th>"
        "<th>Count</th><th>Share of rows</th><th>First lines</th><th>Summary or first "
        "message</th></tr>\n";
    for (const auto& g : groups) {
        const bool fileLevel = g.value("scope", "") == "file";
        const auto severity = g.value("severity", "");
        std::string lines;
        for (const auto& line : g.value("first_lines", json::array()))
            lines += (lines.empty() ? "" : ", ") + text(line);
        const auto share = g.contains("share_percent") && g["share_percent"].is_string()
                               ? text(g["share_percent"]) + " %"
                               : std::string("—");
        out += std::string("<tr") + (fileLevel ? " class=\"file-level\"" : "") + ">" +
               cell(htmlEscape(severity), severity == "error" ? "error" : "warning") +
               cell(member(g, "file_type")) + cell(member(g, "field")) +
               cell(member(g, "error_type")) + cell(member(g, "count"), "n") + cell(share, "n") +
               cell(lines.empty() ? "—" : lines) +
               cell(fileLevel ? member(g, "summary") : member(g, "first_message")) + "</tr>\n";
    }
    return out + "</table>\n";
}

std::string rulesPart(const json& rules) {
    std::string out = "<h2>Rules in force</h2>\n<table>\n";
    out += row("Reject threshold", member(rules, "reject_threshold") + " <span class=\"muted\">(" +
                                       member(rules, "reject_threshold_source") + ")</span>");
    out += row("Findings stored per sync at most",
               member(rules.value("caps", json::object()), "max_findings_per_sync"));
    out += row("Rejected rows stored per sync at most",
               member(rules.value("caps", json::object()), "max_rejected_rows_per_sync"));
    out += row("Suspicious amount", member(rules, "suspicious_amount"));
    out += row("Validation policy version",
               member(rules, "policy_version") +
                   (rules.value("policy", json()).is_object()
                        ? " <span class=\"muted\">(set by " + member(rules.at("policy"), "set_by") +
                              " at " + member(rules.at("policy"), "set_at") + ")</span><pre>" +
                              htmlEscape(rules.at("policy").dump(2)) + "</pre>"
                        : std::string(" <span class=\"muted\">(the built-in rules)</span>")));
    out += row("File-level summary from (% of a file's rows)", member(rules, "file_level_percent"));
    std::string checks;
    for (const auto& check : rules.value("checks", json::array()))
        checks += "<li>" + text(check) + "</li>";
    out += row("Checks across fields and rows", "<ul>" + checks + "</ul>");
    out += "</table>\n";
    const auto catalog = rules.value("catalog", json::object());
    for (const auto& [fileType, fields] : catalog.items()) {
        out += "<h3>Fields of the " + htmlEscape(fileType) +
               " file</h3>\n<table>\n<tr><th>Field</th><th>Meaning</th><th>Type</th>"
               "<th>Required</th><th>Codes</th><th>Min</th><th>Max</th></tr>\n";
        for (const auto& f : fields)
            out += "<tr>" + cell(member(f, "field")) + cell(member(f, "label")) +
                   cell(member(f, "type")) + cell(member(f, "required")) +
                   cell(member(f, "codes")) + cell(member(f, "min"), "n") +
                   cell(member(f, "max"), "n") + "</tr>\n";
        out += "</table>\n";
    }
    return out;
}

std::string softwarePart(const json& software) {
    return "<h2>Software</h2>\n<table>\n" + row("findata agent", member(software, "agent")) +
           row("PostgreSQL", member(software, "postgresql")) +
           row("ClickHouse", member(software, "clickhouse")) + "</table>\n";
}

// The document inside a script element: '<', '>' and '&' as \u escapes (valid JSON, equal once
// parsed), so no text of it can close the element.
std::string embedded(const json& document) {
    std::string out;
    for (const char c : document.dump()) {
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else
            out += c;
    }
    return out;
}

}  // namespace

std::string evidenceHtml(const json& document) {
    const auto sync = document.value("sync", json::object());
    const auto title = "Evidence of sync " + member(sync, "id");
    std::string page =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n<title>" +
        title + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<h1>" +
        title + "</h1>\n<p>" + member(sync.value("tenant", json::object()), "name") + " · " +
        member(sync, "loan_type") + " · " + member(sync, "status") + " · generated " +
        member(document, "generated_at") + "</p>\n";
    page += syncPart(sync);
    page += filesPart(document.value("files", json::array()));
    page += findingsPart(document.value("findings", json::object()));
    page += rulesPart(document.value("rules", json::object()));
    page += softwarePart(document.value("software", json::object()));
    page += "<h2>Seal</h2>\n<table>\n" + row("SHA-256", member(document, "sha256"), true) +
            row("Canonical form", member(document, "canonical_form")) +
            row("Check a copy", "findata-agent evidence verify FILE (this page or the JSON)") +
            "</table>\n";
    page += "<script type=\"application/json\" id=\"findata-evidence\">" + embedded(document) +
            "</script>\n</body>\n</html>\n";
    return page;
}

}  // namespace findata::agent
