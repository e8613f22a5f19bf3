<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>QAbstractItemView</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::AgentReply</name>
    <message>
        <source>Canceled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent at %1 did not answer in time. It may be overloaded; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No agent answers at %1 (%2). Check the address and that the agent runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent rejected the API key. Check the key, or ask for a new one if it was rotated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent refused the request (HTTP %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent failed to answer (HTTP %1). See the agent&apos;s log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent failed: %1 (HTTP %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s answer could not be read (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the agent broke off: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the download: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::ColumnChooser</name>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the columns shown; remembered for each loan type and data type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all columns</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::CsvExport</name>
    <message>
        <source>Cancel export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export canceled; no file was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 rows to %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::DashboardPage</name>
    <message>
        <source>Retail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portfolio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent syncs: rows loaded and rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warehouse rows: unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warehouse: %1 credits, %2 payment plan rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sync yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync: %1, %2 — %3 loaded, %4 rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 credits (%2 active, %3 closed)
Outstanding principal: %4
Weighted rate: %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outstanding principal by loan status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outstanding principal by days past due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 credits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outstanding principal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 days past due: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days past due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected rows of the live data still to be corrected or dismissed: select the sync on the Sync screen to review them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outstanding principal and NPL ratio by reporting period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outstanding principal by days past due and reporting period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open rejected rows: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 loans, NPL ratio %3 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NPL ratio (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 days past due: %3 credits
%4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::DataModel</name>
    <message>
        <source>No value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2); click to sort on the agent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::DataPage</name>
    <message>
        <source>Retail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both loan types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment plans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every row of this query (not just the loaded ones) as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loan type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value (empty: no value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No filters: every row is shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Data&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows per page</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::ErrorGroupModel</name>
    <message>
        <source>Click to list these findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Click to list these findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the file (file-level)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of rows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::ErrorModel</name>
    <message>
        <source>Credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <comment>severity</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <comment>severity</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::ErrorsPage</name>
    <message>
        <source>No sync yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors and warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every finding the list below selects (all pages) as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest groups of findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sync yet: nothing to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 of %2 (%3 findings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All findings of the chosen files and severities:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings of %1 — %2 %3 (%4):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Errors&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules that fired on at least half of a file&apos;s rows, summarised once; every finding stays listed below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All periods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 %3 · %4 · %5 errors, %6 warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On most rows: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::EvidenceSaver</name>
    <message>
        <source>Save the evidence of this sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML page (*.html);;PDF document (*.pdf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the evidence was canceled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not get the evidence: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Evidence saved to %1 (PDF, %n page(s)).</source>
        <translation>
            <numerusform>Evidence saved to %1 (PDF, %n page).</numerusform>
            <numerusform>Evidence saved to %1 (PDF, %n pages).</numerusform>
        </translation>
    </message>
    <message>
        <source>Evidence saved to %1 (HTML, %2 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::KeychainCredentialStore</name>
    <message>
        <source>No keychain is available on this system (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::KeysPanel</name>
    <message>
        <source>API keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new key, e.g. nightly upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>viewer: reads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator: also uploads, syncs, settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>admin: also the keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires in </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client signed in with a key of the %1 role. Only an admin key can see and manage the tenant&apos;s keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every key has a role: a viewer reads, an operator also uploads, syncs and changes settings, an admin also manages these keys. A key&apos;s secret is shown only when it is created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (this client)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the new key a name first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was not created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the agent sent no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key “%1” created. Copy it now: it is not shown again, and only its start is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is the key this client uses: it stops working at once and this client is signed out of the agent. Revoke it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” (%2…) stops working at once, for every client and script that uses it. Revoke it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” was not revoked: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is revoked: the agent refuses it from now on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::LocalCheck</name>
    <message>
        <source>Choose a loan type and a file type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profiling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>findata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new key could not be saved in the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>findata — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key could not be removed from the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::PeriodSelector</name>
    <message>
        <source>Latest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reporting period (month) shown; Latest: the newest with data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::ProfileModel</name>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distinct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Std. dev.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P25</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P75</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift (PSI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drifted against the previous period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stable against the previous period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: %1 before, %2 now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean: %1 before, %2 now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::ProfilingPage</name>
    <message>
        <source>Profiling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both loan types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment plans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Loan type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a column to see its distribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty values per column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the profile… (the first one after a sync can take a while)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows, %2 columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The warehouse holds no rows of this kind yet: sync first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distribution of %1 (rows per range)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: every value is different (a key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most frequent values of %1 (rows)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty values per column (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty values (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 % empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::RejectedEditor</name>
    <message>
        <source>Credit file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment plan file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check corrections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate the edited rows on this computer, as the agent will</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resubmit corrected rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected rows&apos; corrections: the next sync validates them and merges the accepted ones into the live data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected rows as reviewed and not to be corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss rejected rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Why are these %n row(s) not to be corrected?</source>
        <translation>
            <numerusform>Why is this row not to be corrected?</numerusform>
            <numerusform>Why are these %n rows not to be corrected?</numerusform>
        </translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resubmitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction staged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismissed by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 of %2 (%3 rows)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the offending cells first, then check them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The corrections could not be checked: no temporary file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local check accepts this row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 edited rows are valid now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the corrected rows to resubmit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n corrected row(s) staged: the next sync validates them and merges the accepted ones into the live data.</source>
        <translation>
            <numerusform>%n corrected row staged: the next sync validates it and merges it into the live data if accepted.</numerusform>
            <numerusform>%n corrected rows staged: the next sync validates them and merges the accepted ones into the live data.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the rows to dismiss.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) dismissed.</source>
        <translation>
            <numerusform>%n row dismissed.</numerusform>
            <numerusform>%n rows dismissed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>findata::app::ReportsPage</name>
    <message>
        <source>Retail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latest (or YYYY-MM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the report as an HTML page, a PDF document or CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loan type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not get the report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the period report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML page (*.html);;PDF document (*.pdf);;CSV (*.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not get the CSV: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::RulesPage</name>
    <message>
        <source>Loan type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity per field and rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: the row is rejected; warning: the row loads with a warning; off: no finding. A key column&apos;s checks and the checks of columns the warehouse cannot store empty stay errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>override the sync configuration&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole currency units; 0 turns the check off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspicious amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installment count tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignore with a warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refuse the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll-forward checks (this period against the previous one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The portfolio roll-forward&apos;s allowed difference as a share of the previous outstanding principal (0.01 = 1 %); empty: the built-in 0.01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll-forward tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A column drifted when its population stability index against the previous period exceeds this (0 to 100); empty: the built-in 0.25</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift PSI threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header aliases (the bank&apos;s column → catalog field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank&apos;s column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalog field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add alias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as a new version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rules could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in rules (no version saved yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1, set by %2 on %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A roll-forward rule of the agent (id %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes apply to the next sync and check of this loan type; every save is a new version, recorded in the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an admin key can change the rules; this client signed in with a key of the %1 role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as version %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loan missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A loan of the previous period is absent although it was neither closed nor matured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed terms changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer, original amount, start date or product differ from the previous period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Principal grew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The outstanding principal grew without a new disbursement or a restructuring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid installments decreased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The paid installment count went down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days past due jumped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days past due rose by more than the days between the two periods</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portfolio roll-forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous outstanding − principal repaid + new loans differs from this outstanding by more than the tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column distribution drifted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A column&apos;s population stability index against the previous period is above the PSI threshold</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::SettingsPage</name>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warehouse database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled syncs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loan type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes between scheduled syncs of this loan type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sync is rejected when more than this share of its rows is rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save sync settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotating replaces the tenant&apos;s key: the current key stops working at once, for this client and for every script that uses it. The new key is shown only once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate API key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new key appears here after a rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember in keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to this agent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another address means signing out and signing in again with an API key of that agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new choice applies the next time findata starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1… (only the start of the key is kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes between scheduled syncs (the agent has %1 seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The scheduler uses the new settings from its next round.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current key stops working at once, for this client and for every script that uses it. Rotate it now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was not rotated: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the agent sent no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client uses the new key now and keeps it in the system keychain as %1. Copy it for other clients and scripts: it is not shown again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client uses the new key for this session only. Copy it now or keep it in the system keychain: it is not shown again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key could not be saved in the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new key is in the system keychain as %1; the next start signs in with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an agent address. Use one like http://127.0.0.1:8000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client is connected to %1 already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out and sign in to %1? You need an API key of that agent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next sign-in uses %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The language changes the next time findata starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Settings&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::SignInPage</name>
    <message>
        <source>Remember the key in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to a findata agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key was shown once when the tenant was created or its key was rotated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the saved key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved key could not be read from the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an agent address. Use one like http://127.0.0.1:8000.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the tenant&apos;s API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key could not be saved in the keychain (%1). It is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::SyncLogModel</name>
    <message>
        <source>Started</source>
        <comment>sync status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalizing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <comment>column: when a sync started</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loan type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credit file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment plan file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live data re-checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows accepted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::SyncPage</name>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync retail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync commercial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate and load the staged files of this loan type now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sync is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting a %1 sync…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sync: %2 — %3 rows processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sync %2: %3 rows loaded, %4 rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a sync in the history to see its files, rejected rows and errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credit file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment plan file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The validation errors and warnings of this sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every rejected row with its file, line and reasons, or the rejected rows of one file in its original format, ready to correct and upload again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download rejected rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sync of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings: %1 errors, %2 warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sync is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rows were rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All rejected rows, with file, line and reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credit file rows, original format (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment plan file rows, original format (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the rejected rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading the rejected rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the rejected rows (%1) to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download canceled; nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rejected rows could not be downloaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the warehouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control totals: the rows accepted from each file and the sums of its amounts, compared with what the warehouse holds for this sync after the swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save evidence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this sync&apos;s evidence pack (files with their SHA-256, counts, findings, rules in force) as HTML or PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected rows: %1 open, %2 dismissed, %3 corrected and merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrects the rejected rows of sync %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrected by sync %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent keeps rejected rows for %1 days (by default, and for as long as this sync&apos;s data is live), here until at least about %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the evidence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent no longer has the rejected rows of this sync: it keeps them for a limited time (%1 days by default). %2 holds only the header.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent no longer has the rejected rows of this sync: it keeps them for a limited time (%1 days by default). (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected sync could not be read again: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync config disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled %1 syncs are disabled for this bank. Sync the staged files anyway?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::UploadPage</name>
    <message>
        <source>Upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file or drop it here. Its header and first rows are checked on this computer before it is sent; the agent stages it for the next sync of its loan type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loan type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file to check it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent uploads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loan type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delimited text (*.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the header and the first %1 rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file cannot be uploaded: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All %1 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header and the first %1 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 passed the pre-check (%2 warnings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 checked: %2 rows have errors (%3 errors, %4 warnings). The agent rejects such rows when it syncs; the file can still be uploaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header matches a %1 file: check the loan type and file type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pre-check is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be uploaded: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the file to the agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the upload of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchanged: the agent already has this file (%1). Nothing new was staged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload canceled, nothing staged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent refused the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The upload failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload</source>
        <comment>button: send the file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reporting period (month) the file is as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Staged as upload %1: %2, %3 (%4 bytes), SHA-256 %5. The next %6 sync of period %7 loads it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
