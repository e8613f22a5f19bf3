<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
</context>
<context>
    <name>findata::app::KeychainCredentialStore</name>
    <message>
        <source>No keychain is available on this system (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>findata::app::MainWindow</name>
    <message>
        <source>This screen is not available in this version yet. The agent&apos;s REST API and `findata-agent` commands offer it today.</source>
        <translation type="unfinished"></translation>
    </message>
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
</context>
</TS>
