<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr" sourcelanguage="en">
<context>
    <name>QAbstractItemView</name>
    <message>
        <source>Copy</source>
        <translation>Kopyala</translation>
    </message>
</context>
<context>
    <name>findata::app::AgentReply</name>
    <message>
        <source>Canceled.</source>
        <translation>İptal edildi.</translation>
    </message>
    <message>
        <source>The agent at %1 did not answer in time. It may be overloaded; try again.</source>
        <translation>%1 adresindeki ajan zamanında yanıt vermedi. Aşırı yüklenmiş olabilir; yeniden deneyin.</translation>
    </message>
    <message>
        <source>No agent answers at %1 (%2). Check the address and that the agent runs.</source>
        <translation>%1 adresinde yanıt veren bir ajan yok (%2). Adresi ve ajanın çalıştığını kontrol edin.</translation>
    </message>
    <message>
        <source>The agent rejected the API key. Check the key, or ask for a new one if it was rotated.</source>
        <translation>Ajan API anahtarını reddetti. Anahtarı kontrol edin ya da yenilendiyse yeni anahtarı isteyin.</translation>
    </message>
    <message>
        <source>The agent refused the request (HTTP %1).</source>
        <translation>Ajan isteği reddetti (HTTP %1).</translation>
    </message>
    <message>
        <source>The agent failed to answer (HTTP %1). See the agent&apos;s log.</source>
        <translation>Ajan yanıt veremedi (HTTP %1). Ajanın günlüğüne bakın.</translation>
    </message>
    <message>
        <source>The agent failed: %1 (HTTP %2)</source>
        <translation>Ajan hata verdi: %1 (HTTP %2)</translation>
    </message>
    <message>
        <source>The agent&apos;s answer could not be read (%1).</source>
        <translation>Ajanın yanıtı okunamadı (%1).</translation>
    </message>
    <message>
        <source>The connection to the agent broke off: %1</source>
        <translation>Ajanla bağlantı koptu: %1</translation>
    </message>
    <message>
        <source>Could not write the download: %1</source>
        <translation>İndirilen veri yazılamadı: %1</translation>
    </message>
</context>
<context>
    <name>findata::app::ColumnChooser</name>
    <message>
        <source>Columns</source>
        <translation>Sütunlar</translation>
    </message>
    <message>
        <source>Choose the columns shown; remembered for each loan type and data type</source>
        <translation>Gösterilecek sütunları seçin; her kredi türü ve veri türü için hatırlanır</translation>
    </message>
    <message>
        <source>Show all columns</source>
        <translation>Tüm sütunları göster</translation>
    </message>
</context>
<context>
    <name>findata::app::CsvExport</name>
    <message>
        <source>Cancel export</source>
        <translation>Dışa aktarmayı iptal et</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV dosyaları (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 yazılamıyor: %2</translation>
    </message>
    <message>
        <source>%1 of %2 rows (%3)</source>
        <translation>%1 / %2 satır (%3)</translation>
    </message>
    <message>
        <source>%1 rows (%2)</source>
        <translation>%1 satır (%2)</translation>
    </message>
    <message>
        <source>Export canceled; no file was written.</source>
        <translation>Dışa aktarma iptal edildi; dosya yazılmadı.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Dışa aktarma başarısız oldu: %1</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2.</source>
        <translation>%1 satır %2 dosyasına aktarıldı.</translation>
    </message>
</context>
<context>
    <name>findata::app::DashboardPage</name>
    <message>
        <source>Retail</source>
        <translation>Bireysel</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>Ticari</translation>
    </message>
    <message>
        <source>Portfolio</source>
        <translation>Portföy</translation>
    </message>
    <message>
        <source>Recent syncs: rows loaded and rejected</source>
        <translation>Son senkronizasyonlar: yüklenen ve reddedilen satırlar</translation>
    </message>
    <message>
        <source>Warehouse rows: unavailable</source>
        <translation>Ambar satırları: alınamadı</translation>
    </message>
    <message>
        <source>Warehouse: %1 credits, %2 payment plan rows</source>
        <translation>Ambar: %1 kredi, %2 ödeme planı satırı</translation>
    </message>
    <message>
        <source>No sync yet</source>
        <translation>Henüz senkronizasyon yok</translation>
    </message>
    <message>
        <source>Last sync: %1, %2 — %3 loaded, %4 rejected</source>
        <translation>Son senkronizasyon: %1, %2 — %3 yüklendi, %4 reddedildi</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Yüklenen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Reddedilen</translation>
    </message>
    <message>
        <source>%1 credits (%2 active, %3 closed)
Outstanding principal: %4
Weighted rate: %5</source>
        <translation>%1 kredi (%2 aktif, %3 kapalı)
Kalan anapara: %4
Ağırlıklı faiz oranı: %5</translation>
    </message>
    <message>
        <source>Outstanding principal by loan status</source>
        <translation>Kredi durumuna göre kalan anapara</translation>
    </message>
    <message>
        <source>Outstanding principal by days past due</source>
        <translation>Gecikme gün sayısına göre kalan anapara</translation>
    </message>
    <message>
        <source>%1 credits</source>
        <translation>%1 kredi</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktif</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Kapalı</translation>
    </message>
    <message>
        <source>Outstanding principal</source>
        <translation>Kalan anapara</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Gecikmesiz</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Bilinmiyor</translation>
    </message>
    <message>
        <source>%1 days past due: %2</source>
        <translation>Gecikme gün sayısı %1: %2</translation>
    </message>
    <message>
        <source>Days past due</source>
        <translation>Gecikme gün sayısı</translation>
    </message>
    <message>
        <source>Rejected rows of the live data still to be corrected or dismissed: select the sync on the Sync screen to review them</source>
        <translation>Canlı verinin henüz düzeltilmemiş veya yok sayılmamış reddedilen satırları: incelemek için Senkronizasyon ekranında senkronizasyonu seçin</translation>
    </message>
    <message>
        <source>Outstanding principal and NPL ratio by reporting period</source>
        <translation>Raporlama dönemine göre kalan anapara ve takipteki kredi (NPL) oranı</translation>
    </message>
    <message>
        <source>Outstanding principal by days past due and reporting period</source>
        <translation>Gecikme gün sayısına ve raporlama dönemine göre kalan anapara</translation>
    </message>
    <message>
        <source>Open rejected rows: %1</source>
        <translation>Açık reddedilen satırlar: %1</translation>
    </message>
    <message>
        <source>%1: %2 loans, NPL ratio %3 %</source>
        <translation>%1: %2 kredi, NPL oranı %3 %</translation>
    </message>
    <message>
        <source>NPL ratio (%)</source>
        <translation>NPL oranı (%)</translation>
    </message>
    <message>
        <source>%1, %2 days past due: %3 credits
%4</source>
        <translation>%1, gecikme gün sayısı %2: %3 kredi
%4</translation>
    </message>
</context>
<context>
    <name>findata::app::DataModel</name>
    <message>
        <source>No value</source>
        <translation>Değer yok</translation>
    </message>
    <message>
        <source>%1 (%2); click to sort on the agent</source>
        <translation>%1 (%2); ajan tarafında sıralamak için tıklayın</translation>
    </message>
</context>
<context>
    <name>findata::app::DataPage</name>
    <message>
        <source>Retail</source>
        <translation>Bireysel</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>Ticari</translation>
    </message>
    <message>
        <source>Both loan types</source>
        <translation>Her iki kredi türü</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Krediler</translation>
    </message>
    <message>
        <source>Payment plans</source>
        <translation>Ödeme planları</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV dışa aktar…</translation>
    </message>
    <message>
        <source>Save every row of this query (not just the loaded ones) as CSV</source>
        <translation>Bu sorgunun tüm satırlarını (yalnızca ekrana yüklenenleri değil) CSV olarak kaydet</translation>
    </message>
    <message>
        <source>Loan type:</source>
        <translation>Kredi türü:</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>Veri:</translation>
    </message>
    <message>
        <source>value (empty: no value)</source>
        <translation>değer (boş: değer yok)</translation>
    </message>
    <message>
        <source>Add filter</source>
        <translation>Filtre ekle</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filtreleri temizle</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>Filtre:</translation>
    </message>
    <message>
        <source>No rows</source>
        <translation>Satır yok</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Yükleniyor…</translation>
    </message>
    <message>
        <source>No filters: every row is shown.</source>
        <translation>Filtre yok: tüm satırlar gösteriliyor.</translation>
    </message>
    <message>
        <source>%1 has no value</source>
        <translation>%1 boş</translation>
    </message>
    <message>
        <source>Filters: %1</source>
        <translation>Filtreler: %1</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>1 satır</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 satır</translation>
    </message>
    <message>
        <source>Export rows</source>
        <translation>Satırları dışa aktar</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Data&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Veri&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Dönem:</translation>
    </message>
    <message>
        <source>Rows per page</source>
        <translation>Sayfa başına satır</translation>
    </message>
</context>
<context>
    <name>findata::app::ErrorGroupModel</name>
    <message>
        <source>Click to list these findings</source>
        <translation>Bu bulguları listelemek için tıklayın</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Dosya</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Alan</translation>
    </message>
    <message>
        <source>Error type</source>
        <translation>Hata türü</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Önem derecesi</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Sayı</translation>
    </message>
    <message>
        <source>%1
Click to list these findings</source>
        <translation>%1
Bu bulguları listelemek için tıklayın</translation>
    </message>
    <message>
        <source>%1 of the file (file-level)</source>
        <translation>dosyanın %1 kadarı (dosya düzeyinde)</translation>
    </message>
    <message>
        <source>Share of rows</source>
        <translation>Satır payı</translation>
    </message>
</context>
<context>
    <name>findata::app::ErrorModel</name>
    <message>
        <source>Credit</source>
        <translation>Kredi</translation>
    </message>
    <message>
        <source>Payment plan</source>
        <translation>Ödeme planı</translation>
    </message>
    <message>
        <source>Error</source>
        <comment>severity</comment>
        <translation>Hata</translation>
    </message>
    <message>
        <source>Warning</source>
        <comment>severity</comment>
        <translation>Uyarı</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Satır</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Dosya</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Alan</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>Error type</source>
        <translation>Hata türü</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Önem derecesi</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mesaj</translation>
    </message>
</context>
<context>
    <name>findata::app::ErrorsPage</name>
    <message>
        <source>No sync yet</source>
        <translation>Henüz senkronizasyon yok</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <source>Sync:</source>
        <translation>Senkronizasyon:</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Tüm dosyalar</translation>
    </message>
    <message>
        <source>Errors and warnings</source>
        <translation>Hatalar ve uyarılar</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Yalnızca hatalar</translation>
    </message>
    <message>
        <source>Warnings only</source>
        <translation>Yalnızca uyarılar</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV dışa aktar…</translation>
    </message>
    <message>
        <source>Save every finding the list below selects (all pages) as CSV</source>
        <translation>Aşağıdaki listeye giren tüm bulguları (tüm sayfalarıyla) CSV olarak kaydet</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Dosya:</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>Önem derecesi:</translation>
    </message>
    <message>
        <source>Largest groups of findings</source>
        <translation>En büyük bulgu grupları</translation>
    </message>
    <message>
        <source>Show all findings</source>
        <translation>Tüm bulguları göster</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Önceki</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Sonraki</translation>
    </message>
    <message>
        <source>Sync %1</source>
        <translation>Senkronizasyon %1</translation>
    </message>
    <message>
        <source>No sync yet: nothing to show.</source>
        <translation>Henüz senkronizasyon yapılmadı: gösterilecek bulgu yok.</translation>
    </message>
    <message>
        <source>1 finding</source>
        <translation>1 bulgu</translation>
    </message>
    <message>
        <source>%1 findings</source>
        <translation>%1 bulgu</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Yükleniyor…</translation>
    </message>
    <message>
        <source>Page %1 of %2 (%3 findings)</source>
        <translation>Sayfa %1 / %2 (%3 bulgu)</translation>
    </message>
    <message>
        <source>All findings of the chosen files and severities:</source>
        <translation>Seçilen dosya ve önem derecelerindeki tüm bulgular:</translation>
    </message>
    <message>
        <source>Findings of %1 — %2 %3 (%4):</source>
        <translation>%1 dosyası bulguları — %2 %3 (%4):</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Bulgular</translation>
    </message>
    <message>
        <source>%1: %2 findings</source>
        <translation>%1: %2 bulgu</translation>
    </message>
    <message>
        <source>Export findings</source>
        <translation>Bulguları dışa aktar</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Errors&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Hatalar&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>On most rows: %1</source>
        <translation>Satırların çoğunda: %1</translation>
    </message>
    <message>
        <source>Rules that fired on at least half of a file&apos;s rows, summarised once; every finding stays listed below</source>
        <translation>Bir dosyanın satırlarının en az yarısında tetiklenen kurallar, bir kez özetlenir; her bulgu aşağıda listelenmeye devam eder</translation>
    </message>
    <message>
        <source>All periods</source>
        <translation>Tüm dönemler</translation>
    </message>
    <message>
        <source>%1 · %2 %3 · %4 · %5 errors, %6 warnings</source>
        <translation>%1 · %2 %3 · %4 · %5 hata, %6 uyarı</translation>
    </message>
</context>
<context>
    <name>findata::app::EvidenceSaver</name>
    <message>
        <source>Save the evidence of this sync</source>
        <translation>Bu senkronizasyonun kanıtını kaydet</translation>
    </message>
    <message>
        <source>HTML page (*.html);;PDF document (*.pdf);;All files (*)</source>
        <translation>HTML sayfası (*.html);;PDF belgesi (*.pdf);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <source>Saving the evidence was canceled.</source>
        <translation>Kanıtın kaydedilmesi iptal edildi.</translation>
    </message>
    <message>
        <source>Could not get the evidence: %1</source>
        <translation>Kanıt alınamadı: %1</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>%1 kaydedilemedi: %2</translation>
    </message>
    <message numerus="yes">
        <source>Evidence saved to %1 (PDF, %n page(s)).</source>
        <translation>
            <numerusform>Kanıt %1 dosyasına kaydedildi (PDF, %n sayfa).</numerusform>
        </translation>
    </message>
    <message>
        <source>Evidence saved to %1 (HTML, %2 bytes).</source>
        <translation>Kanıt %1 dosyasına kaydedildi (HTML, %2 bayt).</translation>
    </message>
</context>
<context>
    <name>findata::app::KeychainCredentialStore</name>
    <message>
        <source>No keychain is available on this system (%1).</source>
        <translation>Bu sistemde anahtar zinciri yok (%1).</translation>
    </message>
</context>
<context>
    <name>findata::app::KeysPanel</name>
    <message>
        <source>API keys</source>
        <translation>API anahtarları</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Anahtar</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Oluşturulma</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Son kullanım</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Geçerlilik sonu</translation>
    </message>
    <message>
        <source>Name of the new key, e.g. nightly upload</source>
        <translation>Yeni anahtarın adı, ör. gece yüklemesi</translation>
    </message>
    <message>
        <source>viewer: reads</source>
        <translation>viewer: yalnızca okur</translation>
    </message>
    <message>
        <source>operator: also uploads, syncs, settings</source>
        <translation>operator: ayrıca yükleme, senkronizasyon, ayarlar</translation>
    </message>
    <message>
        <source>admin: also the keys</source>
        <translation>admin: ayrıca anahtarlar</translation>
    </message>
    <message>
        <source>never expires</source>
        <translation>süresiz</translation>
    </message>
    <message>
        <source>expires in </source>
        <translation>geçerlilik: </translation>
    </message>
    <message>
        <source> days</source>
        <translation> gün</translation>
    </message>
    <message>
        <source>Create key</source>
        <translation>Anahtar oluştur</translation>
    </message>
    <message>
        <source>Revoke selected</source>
        <translation>Seçileni iptal et</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopyala</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopyalandı</translation>
    </message>
    <message>
        <source>This client signed in with a key of the %1 role. Only an admin key can see and manage the tenant&apos;s keys.</source>
        <translation>Bu istemcinin oturum açtığı anahtarın rolü: %1. Kiracının anahtarlarını yalnızca admin rolündeki bir anahtar görebilir ve yönetebilir.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>bilinmiyor</translation>
    </message>
    <message>
        <source>Every key has a role: a viewer reads, an operator also uploads, syncs and changes settings, an admin also manages these keys. A key&apos;s secret is shown only when it is created.</source>
        <translation>Her anahtarın bir rolü vardır: viewer yalnızca okur, operator ayrıca yükleme ve senkronizasyon yapar ve ayarları değiştirir, admin ayrıca bu anahtarları yönetir. Anahtarın gizli değeri yalnızca oluşturulduğunda gösterilir.</translation>
    </message>
    <message>
        <source>The keys could not be read: %1</source>
        <translation>Anahtarlar okunamadı: %1</translation>
    </message>
    <message>
        <source>%1 (this client)</source>
        <translation>%1 (bu istemci)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>never</source>
        <translation>hiçbir zaman</translation>
    </message>
    <message>
        <source>Give the new key a name first.</source>
        <translation>Önce yeni anahtara bir ad verin.</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Oluşturuluyor…</translation>
    </message>
    <message>
        <source>The key was not created: %1</source>
        <translation>Anahtar oluşturulmadı: %1</translation>
    </message>
    <message>
        <source>the agent sent no key</source>
        <translation>ajan anahtar göndermedi</translation>
    </message>
    <message>
        <source>Key “%1” created. Copy it now: it is not shown again, and only its start is kept.</source>
        <translation>“%1” anahtarı oluşturuldu. Şimdi kopyalayın: yeniden gösterilmeyecek ve yalnızca başı saklanır.</translation>
    </message>
    <message>
        <source>Revoke the key</source>
        <translation>Anahtarı iptal et</translation>
    </message>
    <message>
        <source>“%1” is the key this client uses: it stops working at once and this client is signed out of the agent. Revoke it?</source>
        <translation>“%1” bu istemcinin kullandığı anahtar: hemen geçersiz olur ve bu istemcinin ajandaki oturumu kapatılır. İptal edilsin mi?</translation>
    </message>
    <message>
        <source>“%1” (%2…) stops working at once, for every client and script that uses it. Revoke it?</source>
        <translation>“%1” (%2…) onu kullanan tüm istemciler ve betikler için hemen geçersiz olur. İptal edilsin mi?</translation>
    </message>
    <message>
        <source>Revoking…</source>
        <translation>İptal ediliyor…</translation>
    </message>
    <message>
        <source>“%1” was not revoked: %2</source>
        <translation>“%1” iptal edilmedi: %2</translation>
    </message>
    <message>
        <source>“%1” is revoked: the agent refuses it from now on.</source>
        <translation>“%1” iptal edildi: ajan bundan sonra onu reddeder.</translation>
    </message>
</context>
<context>
    <name>findata::app::LocalCheck</name>
    <message>
        <source>Choose a loan type and a file type.</source>
        <translation>Bir kredi türü ve bir dosya türü seçin.</translation>
    </message>
    <message>
        <source>The file could not be read: %1</source>
        <translation>Dosya okunamadı: %1</translation>
    </message>
</context>
<context>
    <name>findata::app::MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>Gösterge Paneli</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>Yükleme</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Senkronizasyon</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Veri</translation>
    </message>
    <message>
        <source>Profiling</source>
        <translation>Profilleme</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Hatalar</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ayarlar</translation>
    </message>
    <message>
        <source>findata</source>
        <translation>findata</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Oturumu kapat</translation>
    </message>
    <message>
        <source>The new key could not be saved in the keychain: %1</source>
        <translation>Yeni anahtar anahtar zincirine kaydedilemedi: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Dosya</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Oturumu kapat</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Çı&amp;kış</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Git</translation>
    </message>
    <message>
        <source>findata — %1</source>
        <translation>findata — %1</translation>
    </message>
    <message>
        <source>Signed in to %1</source>
        <translation>%1 adresine oturum açıldı</translation>
    </message>
    <message>
        <source>The key could not be removed from the keychain: %1</source>
        <translation>Anahtar anahtar zincirinden silinemedi: %1</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Oturum kapatıldı.</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Kurallar</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Raporlar</translation>
    </message>
</context>
<context>
    <name>findata::app::PeriodSelector</name>
    <message>
        <source>Latest</source>
        <translation>En son</translation>
    </message>
    <message>
        <source>The reporting period (month) shown; Latest: the newest with data</source>
        <translation>Gösterilen raporlama dönemi (ay); En son: verisi olan en yeni dönem</translation>
    </message>
</context>
<context>
    <name>findata::app::ProfileModel</name>
    <message>
        <source>Column</source>
        <translation>Sütun</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>Empty</source>
        <translation>Boş</translation>
    </message>
    <message>
        <source>Distinct</source>
        <translation>Farklı</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>Sıfır</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Maks</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Ortalama</translation>
    </message>
    <message>
        <source>Std. dev.</source>
        <translation>Std. sapma</translation>
    </message>
    <message>
        <source>P25</source>
        <translation>P25</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Medyan</translation>
    </message>
    <message>
        <source>P75</source>
        <translation>P75</translation>
    </message>
    <message>
        <source>Drift (PSI)</source>
        <translation>Kayma (PSI)</translation>
    </message>
    <message>
        <source>Drifted against the previous period.</source>
        <translation>Önceki döneme göre kaymış.</translation>
    </message>
    <message>
        <source>Stable against the previous period.</source>
        <translation>Önceki döneme göre istikrarlı.</translation>
    </message>
    <message>
        <source>Empty: %1 before, %2 now</source>
        <translation>Boş: önce %1, şimdi %2</translation>
    </message>
    <message>
        <source>Mean: %1 before, %2 now</source>
        <translation>Ortalama: önce %1, şimdi %2</translation>
    </message>
</context>
<context>
    <name>findata::app::ProfilingPage</name>
    <message>
        <source>Profiling</source>
        <translation>Profilleme</translation>
    </message>
    <message>
        <source>Retail</source>
        <translation>Bireysel</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>Ticari</translation>
    </message>
    <message>
        <source>Both loan types</source>
        <translation>Her iki kredi türü</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Krediler</translation>
    </message>
    <message>
        <source>Payment plans</source>
        <translation>Ödeme planları</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <source>&amp;Loan type:</source>
        <translation>&amp;Kredi türü:</translation>
    </message>
    <message>
        <source>&amp;Data:</source>
        <translation>&amp;Veri:</translation>
    </message>
    <message>
        <source>Select a column to see its distribution</source>
        <translation>Dağılımını görmek için bir sütun seçin</translation>
    </message>
    <message>
        <source>Empty values per column</source>
        <translation>Sütun başına boş değerler</translation>
    </message>
    <message>
        <source>Computing the profile… (the first one after a sync can take a while)</source>
        <translation>Profil hesaplanıyor… (senkronizasyondan sonraki ilk hesaplama biraz sürebilir)</translation>
    </message>
    <message>
        <source>%1 rows, %2 columns</source>
        <translation>%1 satır, %2 sütun</translation>
    </message>
    <message>
        <source>The warehouse holds no rows of this kind yet: sync first.</source>
        <translation>Ambarda henüz bu türde satır yok: önce senkronizasyon yapın.</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Satır</translation>
    </message>
    <message>
        <source>%1: no values</source>
        <translation>%1: değer yok</translation>
    </message>
    <message>
        <source>Distribution of %1 (rows per range)</source>
        <translation>%1 dağılımı (aralık başına satır)</translation>
    </message>
    <message>
        <source>%1: every value is different (a key)</source>
        <translation>%1: her değer farklı (bir anahtar)</translation>
    </message>
    <message>
        <source>Most frequent values of %1 (rows)</source>
        <translation>%1 için en sık değerler (satır)</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(boş)</translation>
    </message>
    <message>
        <source>Empty values per column (%)</source>
        <translation>Sütun başına boş değerler (%)</translation>
    </message>
    <message>
        <source>Empty values (%)</source>
        <translation>Boş değerler (%)</translation>
    </message>
    <message>
        <source>%1: %2 % empty</source>
        <translation>%1: %2 % boş</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Dönem:</translation>
    </message>
</context>
<context>
    <name>findata::app::RejectedEditor</name>
    <message>
        <source>Credit file</source>
        <translation>Kredi dosyası</translation>
    </message>
    <message>
        <source>Payment plan file</source>
        <translation>Ödeme planı dosyası</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Önceki</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Sonraki ▶</translation>
    </message>
    <message>
        <source>Check corrections</source>
        <translation>Düzeltmeleri denetle</translation>
    </message>
    <message>
        <source>Validate the edited rows on this computer, as the agent will</source>
        <translation>Düzenlenen satırları, ajanın yapacağı gibi bu bilgisayarda doğrula</translation>
    </message>
    <message>
        <source>Resubmit corrected rows</source>
        <translation>Düzeltilen satırları yeniden gönder</translation>
    </message>
    <message>
        <source>Send the selected rows&apos; corrections: the next sync validates them and merges the accepted ones into the live data</source>
        <translation>Seçili satırların düzeltmelerini gönder: bir sonraki senkronizasyon bunları doğrular ve kabul edilenleri canlı veriye ekler</translation>
    </message>
    <message>
        <source>Dismiss…</source>
        <translation>Yok say…</translation>
    </message>
    <message>
        <source>Mark the selected rows as reviewed and not to be corrected</source>
        <translation>Seçili satırları incelenmiş ve düzeltilmeyecek olarak işaretle</translation>
    </message>
    <message>
        <source>Dismiss rejected rows</source>
        <translation>Reddedilen satırları yok say</translation>
    </message>
    <message numerus="yes">
        <source>Why are these %n row(s) not to be corrected?</source>
        <translation>
            <numerusform>Bu %n satır neden düzeltilmeyecek?</numerusform>
        </translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Satır</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>Yok sayıldı</translation>
    </message>
    <message>
        <source>Resubmitted</source>
        <translation>Yeniden gönderildi</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Açık</translation>
    </message>
    <message>
        <source>Correction staged</source>
        <translation>Düzeltme hazırlandı</translation>
    </message>
    <message>
        <source>Dismissed by %1: %2</source>
        <translation>%1 tarafından yok sayıldı: %2</translation>
    </message>
    <message>
        <source>Page %1 of %2 (%3 rows)</source>
        <translation>Sayfa %1 / %2 (%3 satır)</translation>
    </message>
    <message>
        <source>Edit the offending cells first, then check them.</source>
        <translation>Önce hatalı hücreleri düzenleyin, sonra denetleyin.</translation>
    </message>
    <message>
        <source>The corrections could not be checked: no temporary file.</source>
        <translation>Düzeltmeler denetlenemedi: geçici dosya oluşturulamadı.</translation>
    </message>
    <message>
        <source>Valid now</source>
        <translation>Artık geçerli</translation>
    </message>
    <message>
        <source>The local check accepts this row</source>
        <translation>Yerel denetim bu satırı kabul ediyor</translation>
    </message>
    <message>
        <source>Still invalid</source>
        <translation>Hâlâ geçersiz</translation>
    </message>
    <message>
        <source>%1 of %2 edited rows are valid now.</source>
        <translation>Düzenlenen %2 satırdan %1 tanesi artık geçerli.</translation>
    </message>
    <message>
        <source>Select the corrected rows to resubmit.</source>
        <translation>Yeniden göndermek için düzeltilen satırları seçin.</translation>
    </message>
    <message numerus="yes">
        <source>%n corrected row(s) staged: the next sync validates them and merges the accepted ones into the live data.</source>
        <translation>
            <numerusform>%n düzeltilmiş satır hazırlandı: bir sonraki senkronizasyon bunları doğrular ve kabul edilenleri canlı veriye ekler.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the rows to dismiss.</source>
        <translation>Yok sayılacak satırları seçin.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) dismissed.</source>
        <translation>
            <numerusform>%n satır yok sayıldı.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>findata::app::ReportsPage</name>
    <message>
        <source>Retail</source>
        <translation>Bireysel</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>Ticari</translation>
    </message>
    <message>
        <source>latest (or YYYY-MM)</source>
        <translation>en son (veya YYYY-AA)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Göster</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Kaydet…</translation>
    </message>
    <message>
        <source>Save the report as an HTML page, a PDF document or CSV</source>
        <translation>Raporu HTML sayfası, PDF belgesi veya CSV olarak kaydet</translation>
    </message>
    <message>
        <source>Loan type</source>
        <translation>Kredi türü</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Dönem</translation>
    </message>
    <message>
        <source>No report: %1</source>
        <translation>Rapor yok: %1</translation>
    </message>
    <message>
        <source>Could not get the report: %1</source>
        <translation>Rapor alınamadı: %1</translation>
    </message>
    <message>
        <source>Save the period report</source>
        <translation>Dönem raporunu kaydet</translation>
    </message>
    <message>
        <source>HTML page (*.html);;PDF document (*.pdf);;CSV (*.csv);;All files (*)</source>
        <translation>HTML sayfası (*.html);;PDF belgesi (*.pdf);;CSV (*.csv);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <source>Could not get the CSV: %1</source>
        <translation>CSV alınamadı: %1</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>%1 kaydedilemedi: %2</translation>
    </message>
    <message>
        <source>Report saved to %1.</source>
        <translation>Rapor %1 dosyasına kaydedildi.</translation>
    </message>
</context>
<context>
    <name>findata::app::RulesPage</name>
    <message>
        <source>Loan type</source>
        <translation>Kredi türü</translation>
    </message>
    <message>
        <source>Retail</source>
        <translation>Bireysel</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>Ticari</translation>
    </message>
    <message>
        <source>Severity per field and rule</source>
        <translation>Alan ve kurala göre önem derecesi</translation>
    </message>
    <message>
        <source>error: the row is rejected; warning: the row loads with a warning; off: no finding. A key column&apos;s checks and the checks of columns the warehouse cannot store empty stay errors.</source>
        <translation>error: satır reddedilir; warning: satır bir uyarıyla yüklenir; off: bulgu üretilmez. Anahtar sütunların denetimleri ve ambarın boş saklayamadığı sütunların denetimleri her zaman hata olarak kalır.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Alan</translation>
    </message>
    <message>
        <source>Error type</source>
        <translation>Hata türü</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Önem derecesi</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>Kural ekle</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Seçileni kaldır</translation>
    </message>
    <message>
        <source>Thresholds</source>
        <translation>Eşikler</translation>
    </message>
    <message>
        <source>override the sync configuration&apos;s</source>
        <translation>senkronizasyon ayarındakini geçersiz kıl</translation>
    </message>
    <message>
        <source>Reject ratio</source>
        <translation>Red oranı</translation>
    </message>
    <message>
        <source>Whole currency units; 0 turns the check off</source>
        <translation>Tam para birimi cinsinden; 0 bu denetimi kapatır</translation>
    </message>
    <message>
        <source>Suspicious amount</source>
        <translation>Şüpheli tutar</translation>
    </message>
    <message>
        <source>Amount tolerance</source>
        <translation>Tutar toleransı</translation>
    </message>
    <message>
        <source>Installment count tolerance</source>
        <translation>Taksit sayısı toleransı</translation>
    </message>
    <message>
        <source>ignore with a warning</source>
        <translation>uyarı vererek yok say</translation>
    </message>
    <message>
        <source>refuse the file</source>
        <translation>dosyayı reddet</translation>
    </message>
    <message>
        <source>Unknown columns</source>
        <translation>Bilinmeyen sütunlar</translation>
    </message>
    <message>
        <source>Roll-forward checks (this period against the previous one)</source>
        <translation>Devir kontrolleri (bu dönem, bir önceki döneme göre)</translation>
    </message>
    <message>
        <source>The portfolio roll-forward&apos;s allowed difference as a share of the previous outstanding principal (0.01 = 1 %); empty: the built-in 0.01</source>
        <translation>Portföy devir kontrolünde izin verilen fark, önceki kalan anaparanın oranı olarak (0.01 = yüzde 1); boş: yerleşik 0.01</translation>
    </message>
    <message>
        <source>Roll-forward tolerance</source>
        <translation>Devir toleransı</translation>
    </message>
    <message>
        <source>A column drifted when its population stability index against the previous period exceeds this (0 to 100); empty: the built-in 0.25</source>
        <translation>Bir sütunun önceki döneme göre popülasyon istikrar endeksi bu değeri aşarsa (0 ile 100 arası) sütun kaymış sayılır; boş: yerleşik 0.25</translation>
    </message>
    <message>
        <source>Drift PSI threshold</source>
        <translation>Kayma PSI eşiği</translation>
    </message>
    <message>
        <source>Header aliases (the bank&apos;s column → catalog field)</source>
        <translation>Başlık eşlemeleri (bankanın sütunu → katalog alanı)</translation>
    </message>
    <message>
        <source>Bank&apos;s column</source>
        <translation>Bankanın sütunu</translation>
    </message>
    <message>
        <source>Catalog field</source>
        <translation>Katalog alanı</translation>
    </message>
    <message>
        <source>Add alias</source>
        <translation>Eşleme ekle</translation>
    </message>
    <message>
        <source>Save as a new version</source>
        <translation>Yeni sürüm olarak kaydet</translation>
    </message>
    <message>
        <source>The rules could not be read: %1</source>
        <translation>Kurallar okunamadı: %1</translation>
    </message>
    <message>
        <source>Built-in rules (no version saved yet)</source>
        <translation>Yerleşik kurallar (henüz kaydedilmiş sürüm yok)</translation>
    </message>
    <message>
        <source>Version %1, set by %2 on %3</source>
        <translation>Sürüm %1, %3 tarihinde %2 tarafından belirlendi</translation>
    </message>
    <message>
        <source>A roll-forward rule of the agent (id %1)</source>
        <translation>Ajanın bir devir kuralı (kimlik %1)</translation>
    </message>
    <message>
        <source>Changes apply to the next sync and check of this loan type; every save is a new version, recorded in the audit log.</source>
        <translation>Değişiklikler bu kredi türünün bir sonraki senkronizasyonunda ve denetiminde geçerli olur; her kayıt yeni bir sürümdür ve denetim günlüğüne yazılır.</translation>
    </message>
    <message>
        <source>Only an admin key can change the rules; this client signed in with a key of the %1 role.</source>
        <translation>Kuralları yalnızca admin rolündeki bir anahtar değiştirebilir; bu istemcinin oturum açtığı anahtarın rolü: %1.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>bilinmiyor</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Kaydedilmedi: %1</translation>
    </message>
    <message>
        <source>Saved as version %1.</source>
        <translation>Sürüm %1 olarak kaydedildi.</translation>
    </message>
    <message>
        <source>Loan missing</source>
        <translation>Kredi eksik</translation>
    </message>
    <message>
        <source>A loan of the previous period is absent although it was neither closed nor matured</source>
        <translation>Önceki dönemin bir kredisi ne kapatılmış ne de vadesi dolmuş olduğu hâlde yok</translation>
    </message>
    <message>
        <source>Fixed terms changed</source>
        <translation>Sabit koşullar değişti</translation>
    </message>
    <message>
        <source>Customer, original amount, start date or product differ from the previous period</source>
        <translation>Müşteri, ilk tutar, başlangıç tarihi veya ürün önceki dönemden farklı</translation>
    </message>
    <message>
        <source>Principal grew</source>
        <translation>Anapara arttı</translation>
    </message>
    <message>
        <source>The outstanding principal grew without a new disbursement or a restructuring</source>
        <translation>Kalan anapara yeni bir kullandırım veya yapılandırma olmadan arttı</translation>
    </message>
    <message>
        <source>Paid installments decreased</source>
        <translation>Ödenen taksitler azaldı</translation>
    </message>
    <message>
        <source>The paid installment count went down</source>
        <translation>Ödenen taksit sayısı düştü</translation>
    </message>
    <message>
        <source>Days past due jumped</source>
        <translation>Gecikme gün sayısı sıçradı</translation>
    </message>
    <message>
        <source>Days past due rose by more than the days between the two periods</source>
        <translation>Gecikme gün sayısı iki dönem arasındaki gün sayısından fazla arttı</translation>
    </message>
    <message>
        <source>Portfolio roll-forward</source>
        <translation>Portföy devir kontrolü</translation>
    </message>
    <message>
        <source>Previous outstanding − principal repaid + new loans differs from this outstanding by more than the tolerance</source>
        <translation>Önceki kalan anapara − geri ödenen anapara + yeni krediler, bu dönemin kalan anaparasından toleranstan fazla farklı</translation>
    </message>
    <message>
        <source>Column distribution drifted</source>
        <translation>Sütun dağılımı kaymış</translation>
    </message>
    <message>
        <source>A column&apos;s population stability index against the previous period is above the PSI threshold</source>
        <translation>Bir sütunun önceki döneme göre popülasyon istikrar endeksi (PSI) eşiğin üzerinde</translation>
    </message>
</context>
<context>
    <name>findata::app::SettingsPage</name>
    <message>
        <source>Tenant</source>
        <translation>Kiracı</translation>
    </message>
    <message>
        <source>Tenant id:</source>
        <translation>Kiracı kimliği:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Ad:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API anahtarı:</translation>
    </message>
    <message>
        <source>Warehouse database:</source>
        <translation>Ambar veritabanı:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Oluşturulma:</translation>
    </message>
    <message>
        <source>Scheduled syncs</source>
        <translation>Zamanlanmış senkronizasyonlar</translation>
    </message>
    <message>
        <source>Loan type</source>
        <translation>Kredi türü</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Zamanlama</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>Aralık</translation>
    </message>
    <message>
        <source>Reject threshold</source>
        <translation>Red eşiği</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Son senkronizasyon</translation>
    </message>
    <message>
        <source>Retail</source>
        <translation>Bireysel</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>Ticari</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>etkin</translation>
    </message>
    <message>
        <source> min</source>
        <translation> dk</translation>
    </message>
    <message>
        <source>Minutes between scheduled syncs of this loan type</source>
        <translation>Bu kredi türünün zamanlanmış senkronizasyonları arasındaki dakika</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>A sync is rejected when more than this share of its rows is rejected</source>
        <translation>Satırlarının bu orandan fazlası reddedilirse senkronizasyon reddedilir</translation>
    </message>
    <message>
        <source>Save sync settings</source>
        <translation>Senkronizasyon ayarlarını kaydet</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API anahtarı</translation>
    </message>
    <message>
        <source>Rotating replaces the tenant&apos;s key: the current key stops working at once, for this client and for every script that uses it. The new key is shown only once.</source>
        <translation>Yenileme kiracının anahtarını değiştirir: geçerli anahtar hem bu istemci hem de onu kullanan tüm betikler için hemen geçersiz olur. Yeni anahtar yalnızca bir kez gösterilir.</translation>
    </message>
    <message>
        <source>Rotate API key…</source>
        <translation>API anahtarını yenile…</translation>
    </message>
    <message>
        <source>The new key appears here after a rotation</source>
        <translation>Yenilemeden sonra yeni anahtar burada görünür</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopyala</translation>
    </message>
    <message>
        <source>Remember in keychain</source>
        <translation>Anahtar zincirinde hatırla</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Ajan</translation>
    </message>
    <message>
        <source>Sign in to this agent…</source>
        <translation>Bu ajana oturum aç…</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adres:</translation>
    </message>
    <message>
        <source>Another address means signing out and signing in again with an API key of that agent.</source>
        <translation>Başka bir adres, oturumu kapatıp o ajanın bir API anahtarıyla yeniden oturum açmak demektir.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Dil</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Sistem</translation>
    </message>
    <message>
        <source>A new choice applies the next time findata starts.</source>
        <translation>Yeni seçim, findata bir sonraki açılışında geçerli olur.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopyalandı</translation>
    </message>
    <message>
        <source>%1… (only the start of the key is kept)</source>
        <translation>%1… (anahtarın yalnızca başı saklanır)</translation>
    </message>
    <message>
        <source>Minutes between scheduled syncs (the agent has %1 seconds)</source>
        <translation>Zamanlanmış senkronizasyonlar arasındaki dakika (ajanın ayarı: %1 saniye)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>hiç yapılmadı</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Saved. The scheduler uses the new settings from its next round.</source>
        <translation>Kaydedildi. Zamanlayıcı yeni ayarları bir sonraki turundan itibaren kullanır.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Kaydedilmedi: %1</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>Değişiklik yok.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Kaydediliyor…</translation>
    </message>
    <message>
        <source>Rotate the API key</source>
        <translation>API anahtarını yenile</translation>
    </message>
    <message>
        <source>The current key stops working at once, for this client and for every script that uses it. Rotate it now?</source>
        <translation>Geçerli anahtar hem bu istemci hem de onu kullanan tüm betikler için hemen geçersiz olur. Şimdi yenilensin mi?</translation>
    </message>
    <message>
        <source>Rotating…</source>
        <translation>Yenileniyor…</translation>
    </message>
    <message>
        <source>The key was not rotated: %1</source>
        <translation>Anahtar yenilenmedi: %1</translation>
    </message>
    <message>
        <source>the agent sent no key</source>
        <translation>ajan anahtar göndermedi</translation>
    </message>
    <message>
        <source>This client uses the new key now and keeps it in the system keychain as %1. Copy it for other clients and scripts: it is not shown again.</source>
        <translation>Bu istemci artık yeni anahtarı kullanıyor ve onu sistem anahtar zincirinde %1 adıyla saklıyor. Diğer istemciler ve betikler için kopyalayın: yeniden gösterilmeyecek.</translation>
    </message>
    <message>
        <source>This client uses the new key for this session only. Copy it now or keep it in the system keychain: it is not shown again.</source>
        <translation>Bu istemci yeni anahtarı yalnızca bu oturum için kullanıyor. Şimdi kopyalayın ya da sistem anahtar zincirinde saklayın: yeniden gösterilmeyecek.</translation>
    </message>
    <message>
        <source>The key could not be saved in the keychain: %1</source>
        <translation>Anahtar anahtar zincirine kaydedilemedi: %1</translation>
    </message>
    <message>
        <source>The new key is in the system keychain as %1; the next start signs in with it.</source>
        <translation>Yeni anahtar sistem anahtar zincirinde %1 adıyla kayıtlı; bir sonraki açılışta onunla oturum açılır.</translation>
    </message>
    <message>
        <source>“%1” is not an agent address. Use one like http://127.0.0.1:8000.</source>
        <translation>“%1” bir ajan adresi değil. http://127.0.0.1:8000 gibi bir adres kullanın.</translation>
    </message>
    <message>
        <source>This client is connected to %1 already.</source>
        <translation>Bu istemci zaten %1 adresine bağlı.</translation>
    </message>
    <message>
        <source>Change the agent</source>
        <translation>Ajanı değiştir</translation>
    </message>
    <message>
        <source>Sign out and sign in to %1? You need an API key of that agent.</source>
        <translation>Oturum kapatılıp %1 adresinde oturum açılsın mı? O ajanın bir API anahtarı gerekir.</translation>
    </message>
    <message>
        <source>The next sign-in uses %1.</source>
        <translation>Bir sonraki oturum açmada %1 kullanılır.</translation>
    </message>
    <message>
        <source>Saved. The language changes the next time findata starts.</source>
        <translation>Kaydedildi. Dil, findata bir sonraki açılışında değişir.</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Settings&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Ayarlar&lt;/h2&gt;</translation>
    </message>
</context>
<context>
    <name>findata::app::SignInPage</name>
    <message>
        <source>Remember the key in the system keychain</source>
        <translation>Anahtarı sistemin anahtar zincirinde hatırla</translation>
    </message>
    <message>
        <source>Agent address:</source>
        <translation>Ajan adresi:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API anahtarı:</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Oturum aç</translation>
    </message>
    <message>
        <source>Sign in to a findata agent</source>
        <translation>Bir findata ajanında oturum açın</translation>
    </message>
    <message>
        <source>The API key was shown once when the tenant was created or its key was rotated.</source>
        <translation>API anahtarı, kiracı oluşturulduğunda ya da anahtarı yenilendiğinde bir kez gösterildi.</translation>
    </message>
    <message>
        <source>Reading the saved key…</source>
        <translation>Kayıtlı anahtar okunuyor…</translation>
    </message>
    <message>
        <source>The saved key could not be read from the keychain: %1</source>
        <translation>Kayıtlı anahtar anahtar zincirinden okunamadı: %1</translation>
    </message>
    <message>
        <source>“%1” is not an agent address. Use one like http://127.0.0.1:8000.</source>
        <translation>“%1” bir ajan adresi değil. http://127.0.0.1:8000 gibi bir adres kullanın.</translation>
    </message>
    <message>
        <source>Enter the tenant&apos;s API key.</source>
        <translation>Kiracının API anahtarını girin.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>%1 adresine bağlanılıyor…</translation>
    </message>
    <message>
        <source>The key could not be saved in the keychain (%1). It is kept for this session only.</source>
        <translation>Anahtar anahtar zincirine kaydedilemedi (%1). Yalnızca bu oturum boyunca tutulacak.</translation>
    </message>
</context>
<context>
    <name>findata::app::SyncLogModel</name>
    <message>
        <source>Started</source>
        <comment>sync status</comment>
        <translation>Başladı</translation>
    </message>
    <message>
        <source>Fetching</source>
        <translation>Dosyalar alınıyor</translation>
    </message>
    <message>
        <source>Validating</source>
        <translation>Doğrulanıyor</translation>
    </message>
    <message>
        <source>Normalizing</source>
        <translation>Normalleştiriliyor</translation>
    </message>
    <message>
        <source>Storing</source>
        <translation>Kaydediliyor</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Tamamlandı</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Başarısız</translation>
    </message>
    <message>
        <source>Partial</source>
        <translation>Kısmi</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Reddedilen</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 sn</translation>
    </message>
    <message>
        <source>Started</source>
        <comment>column: when a sync started</comment>
        <translation>Başlangıç</translation>
    </message>
    <message>
        <source>Loan type</source>
        <translation>Kredi türü</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Rows read</source>
        <translation>Okunan satır</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Yüklenen</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Süre</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Kim</translation>
    </message>
    <message>
        <source>Credit file</source>
        <translation>Kredi dosyası</translation>
    </message>
    <message>
        <source>Payment plan file</source>
        <translation>Ödeme planı dosyası</translation>
    </message>
    <message>
        <source>live data re-checked</source>
        <translation>canlı veri yeniden denetlendi</translation>
    </message>
    <message>
        <source>upload</source>
        <translation>yükleme</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>denetlenmedi</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>evet</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>HAYIR</translation>
    </message>
    <message>
        <source>Rows accepted</source>
        <translation>Kabul edilen satır</translation>
    </message>
</context>
<context>
    <name>findata::app::SyncPage</name>
    <message>
        <source>Sync</source>
        <translation>Senkronizasyon</translation>
    </message>
    <message>
        <source>Sync retail</source>
        <translation>Bireyseli senkronize et</translation>
    </message>
    <message>
        <source>Sync commercial</source>
        <translation>Ticariyi senkronize et</translation>
    </message>
    <message>
        <source>Validate and load the staged files of this loan type now</source>
        <translation>Bu kredi türünün hazırlanmış dosyalarını şimdi doğrula ve yükle</translation>
    </message>
    <message>
        <source>No sync is running.</source>
        <translation>Çalışan senkronizasyon yok.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Geçmiş</translation>
    </message>
    <message>
        <source>Starting a %1 sync…</source>
        <translation>%1 senkronizasyonu başlatılıyor…</translation>
    </message>
    <message>
        <source>%1 sync: %2 — %3 rows processed</source>
        <translation>%1 senkronizasyonu: %2 — %3 satır işlendi</translation>
    </message>
    <message>
        <source>%1 sync %2: %3 rows loaded, %4 rejected</source>
        <translation>%1 senkronizasyonu %2: %3 satır yüklendi, %4 reddedildi</translation>
    </message>
    <message>
        <source>Selected sync</source>
        <translation>Seçili senkronizasyon</translation>
    </message>
    <message>
        <source>Select a sync in the history to see its files, rejected rows and errors.</source>
        <translation>Dosyalarını, reddedilen satırlarını ve hatalarını görmek için geçmişten bir senkronizasyon seçin.</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Okunan</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Yüklenen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Reddedilen</translation>
    </message>
    <message>
        <source>Credit file</source>
        <translation>Kredi dosyası</translation>
    </message>
    <message>
        <source>Payment plan file</source>
        <translation>Ödeme planı dosyası</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Toplam</translation>
    </message>
    <message>
        <source>Show errors</source>
        <translation>Hataları göster</translation>
    </message>
    <message>
        <source>The validation errors and warnings of this sync</source>
        <translation>Bu senkronizasyonun doğrulama hataları ve uyarıları</translation>
    </message>
    <message>
        <source>Every rejected row with its file, line and reasons, or the rejected rows of one file in its original format, ready to correct and upload again</source>
        <translation>Reddedilen tüm satırlar (dosya, satır numarası ve nedenleriyle) ya da tek bir dosyanın reddedilen satırları özgün biçiminde; düzeltilip yeniden yüklenmeye hazır</translation>
    </message>
    <message>
        <source>Download rejected rows…</source>
        <translation>Reddedilen satırları indir…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>%1 sync of %2: %3</source>
        <translation>%2 tarihli %1 senkronizasyonu: %3</translation>
    </message>
    <message>
        <source>Findings: %1 errors, %2 warnings</source>
        <translation>Bulgular: %1 hata, %2 uyarı</translation>
    </message>
    <message>
        <source>The sync is still running.</source>
        <translation>Senkronizasyon hâlâ çalışıyor.</translation>
    </message>
    <message>
        <source>No rows were rejected.</source>
        <translation>Hiçbir satır reddedilmedi.</translation>
    </message>
    <message>
        <source>All rejected rows, with file, line and reasons</source>
        <translation>Reddedilen tüm satırlar; dosya, satır ve nedenleriyle</translation>
    </message>
    <message>
        <source>Credit file rows, original format (%1)</source>
        <translation>Kredi dosyası satırları, özgün biçim (%1)</translation>
    </message>
    <message>
        <source>Payment plan file rows, original format (%1)</source>
        <translation>Ödeme planı dosyası satırları, özgün biçim (%1)</translation>
    </message>
    <message>
        <source>Save the rejected rows</source>
        <translation>Reddedilen satırları kaydet</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV dosyaları (*.csv);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 yazılamadı: %2</translation>
    </message>
    <message>
        <source>Downloading the rejected rows…</source>
        <translation>Reddedilen satırlar indiriliyor…</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>%1 kaydedilemedi: %2</translation>
    </message>
    <message>
        <source>Saved the rejected rows (%1) to %2</source>
        <translation>Reddedilen satırlar (%1) %2 dosyasına kaydedildi</translation>
    </message>
    <message>
        <source>Download canceled; nothing was saved.</source>
        <translation>İndirme iptal edildi; hiçbir şey kaydedilmedi.</translation>
    </message>
    <message>
        <source>The rejected rows could not be downloaded: %1</source>
        <translation>Reddedilen satırlar indirilemedi: %1</translation>
    </message>
    <message>
        <source>Save evidence…</source>
        <translation>Kanıtı kaydet…</translation>
    </message>
    <message>
        <source>Save this sync&apos;s evidence pack (files with their SHA-256, counts, findings, rules in force) as HTML or PDF</source>
        <translation>Bu senkronizasyonun kanıt paketini (SHA-256 özetleriyle dosyalar, sayımlar, bulgular, geçerli kurallar) HTML veya PDF olarak kaydet</translation>
    </message>
    <message>
        <source>Saving the evidence…</source>
        <translation>Kanıt kaydediliyor…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Dosya</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Kaynak</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Gösterge</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>Dosyada</translation>
    </message>
    <message>
        <source>In the warehouse</source>
        <translation>Ambarda</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Eşleşme</translation>
    </message>
    <message>
        <source>Control totals: the rows accepted from each file and the sums of its amounts, compared with what the warehouse holds for this sync after the swap</source>
        <translation>Kontrol toplamları: her dosyadan kabul edilen satırlar ve tutarlarının toplamları, tablo değişiminden sonra ambarın bu senkronizasyon için tuttuklarıyla karşılaştırılır</translation>
    </message>
    <message>
        <source>Rejected rows: %1 open, %2 dismissed, %3 corrected and merged</source>
        <translation>Reddedilen satırlar: %1 açık, %2 yok sayıldı, %3 düzeltilip eklendi</translation>
    </message>
    <message>
        <source>Corrects the rejected rows of sync %1</source>
        <translation>%1 senkronizasyonunun reddedilen satırlarını düzeltir</translation>
    </message>
    <message>
        <source>Corrected by sync %1</source>
        <translation>%1 senkronizasyonuyla düzeltildi</translation>
    </message>
    <message>
        <source>The agent keeps rejected rows for %1 days (by default, and for as long as this sync&apos;s data is live), here until at least about %2.</source>
        <translation>Ajan reddedilen satırları %1 gün (varsayılan olarak; ayrıca bu senkronizasyonun verisi canlı kaldığı sürece) saklar; burada en az yaklaşık %2 tarihine kadar.</translation>
    </message>
    <message>
        <source>The agent no longer has the rejected rows of this sync: it keeps them for a limited time (%1 days by default). %2 holds only the header.</source>
        <translation>Ajan bu senkronizasyonun reddedilen satırlarını artık saklamıyor: onları sınırlı bir süre (varsayılan olarak %1 gün) tutar. %2 yalnızca başlığı içeriyor.</translation>
    </message>
    <message>
        <source>The agent no longer has the rejected rows of this sync: it keeps them for a limited time (%1 days by default). (%2)</source>
        <translation>Ajan bu senkronizasyonun reddedilen satırlarını artık saklamıyor: onları sınırlı bir süre (varsayılan olarak %1 gün) tutar. (%2)</translation>
    </message>
    <message>
        <source>The selected sync could not be read again: %1</source>
        <translation>Seçili senkronizasyon yeniden okunamadı: %1</translation>
    </message>
    <message>
        <source>Sync config disabled</source>
        <translation>Senkronizasyon ayarı devre dışı</translation>
    </message>
    <message>
        <source>Scheduled %1 syncs are disabled for this bank. Sync the staged files anyway?</source>
        <translation>Bu banka için zamanlanmış %1 senkronizasyonları devre dışı. Hazırlanmış dosyalar yine de senkronize edilsin mi?</translation>
    </message>
</context>
<context>
    <name>findata::app::UploadPage</name>
    <message>
        <source>Upload</source>
        <translation>Yükleme</translation>
    </message>
    <message>
        <source>Choose a file or drop it here. Its header and first rows are checked on this computer before it is sent; the agent stages it for the next sync of its loan type.</source>
        <translation>Bir dosya seçin ya da buraya bırakın. Dosyanın başlığı ve ilk satırları gönderilmeden önce bu bilgisayarda denetlenir; ajan dosyayı kredi türünün bir sonraki senkronizasyonu için hazırlar.</translation>
    </message>
    <message>
        <source>Retail</source>
        <translation>Bireysel</translation>
    </message>
    <message>
        <source>Commercial</source>
        <translation>Ticari</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Kredi</translation>
    </message>
    <message>
        <source>Payment plan</source>
        <translation>Ödeme planı</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>Dosya seçilmedi</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Dosya seç…</translation>
    </message>
    <message>
        <source>Loan type:</source>
        <translation>Kredi türü:</translation>
    </message>
    <message>
        <source>File type:</source>
        <translation>Dosya türü:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Dosya:</translation>
    </message>
    <message>
        <source>Pre-check</source>
        <translation>Ön denetim</translation>
    </message>
    <message>
        <source>Choose a file to check it.</source>
        <translation>Denetlemek için bir dosya seçin.</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Satır</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Önem derecesi</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Alan</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mesaj</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
    <message>
        <source>Recent uploads</source>
        <translation>Son yüklemeler</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Yükleme zamanı</translation>
    </message>
    <message>
        <source>Loan type</source>
        <translation>Kredi türü</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>Dosya türü</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Dosya</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Boyut</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Upload id</source>
        <translation>Yükleme kimliği</translation>
    </message>
    <message>
        <source>Choose a file to upload</source>
        <translation>Yüklenecek dosyayı seçin</translation>
    </message>
    <message>
        <source>Delimited text (*.csv *.txt);;All files (*)</source>
        <translation>Sınırlandırılmış metin (*.csv *.txt);;Tüm dosyalar (*)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Checking the header and the first %1 rows…</source>
        <translation>Başlık ve ilk %1 satır denetleniyor…</translation>
    </message>
    <message>
        <source>This file cannot be uploaded: %1.</source>
        <translation>Bu dosya yüklenemez: %1.</translation>
    </message>
    <message>
        <source>All %1 rows</source>
        <translation>Tüm %1 satır</translation>
    </message>
    <message>
        <source>The header and the first %1 rows</source>
        <translation>Başlık ve ilk %1 satır</translation>
    </message>
    <message>
        <source>%1 passed the pre-check (%2 warnings).</source>
        <translation>%1 ön denetimi geçti (%2 uyarı).</translation>
    </message>
    <message>
        <source>%1 checked: %2 rows have errors (%3 errors, %4 warnings). The agent rejects such rows when it syncs; the file can still be uploaded.</source>
        <translation>%1 denetlendi: %2 satırda hata var (%3 hata, %4 uyarı). Ajan senkronizasyon sırasında bu satırları reddeder; dosya yine de yüklenebilir.</translation>
    </message>
    <message>
        <source>The header matches a %1 file: check the loan type and file type.</source>
        <translation>Başlık bir %1 dosyasıyla eşleşiyor: kredi türünü ve dosya türünü kontrol edin.</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Hata</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Uyarı</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>Önce bir dosya seçin.</translation>
    </message>
    <message>
        <source>The pre-check is running.</source>
        <translation>Ön denetim çalışıyor.</translation>
    </message>
    <message>
        <source>The file cannot be uploaded: %1.</source>
        <translation>Dosya yüklenemez: %1.</translation>
    </message>
    <message>
        <source>Send the file to the agent</source>
        <translation>Dosyayı ajana gönder</translation>
    </message>
    <message>
        <source>The file could not be opened: %1</source>
        <translation>Dosya açılamadı: %1</translation>
    </message>
    <message>
        <source>Starting the upload of %1…</source>
        <translation>%1 yüklemesi başlatılıyor…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/sn</translation>
    </message>
    <message>
        <source>Unchanged: the agent already has this file (%1). Nothing new was staged.</source>
        <translation>Değişiklik yok: ajan bu dosyayı zaten almış (%1). Yeni bir şey hazırlanmadı.</translation>
    </message>
    <message>
        <source>Upload canceled, nothing staged.</source>
        <translation>Yükleme iptal edildi, hiçbir şey hazırlanmadı.</translation>
    </message>
    <message>
        <source>The agent refused the file: %1</source>
        <translation>Ajan dosyayı reddetti: %1</translation>
    </message>
    <message>
        <source>The upload failed: %1</source>
        <translation>Yükleme başarısız oldu: %1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 bayt</translation>
    </message>
    <message>
        <source>Upload</source>
        <comment>button: send the file</comment>
        <translation>Yükle</translation>
    </message>
    <message>
        <source>The reporting period (month) the file is as of</source>
        <translation>Dosyanın ait olduğu raporlama dönemi (ay)</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Dönem:</translation>
    </message>
    <message>
        <source>Staged as upload %1: %2, %3 (%4 bytes), SHA-256 %5. The next %6 sync of period %7 loads it.</source>
        <translation>%1 numaralı yükleme olarak hazırlandı: %2, %3 (%4 bayt), SHA-256 %5. %7 döneminin bir sonraki %6 senkronizasyonu onu yükler.</translation>
    </message>
</context>
</TS>
