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
        <source>%1 · %2 · %3 · %4 errors, %5 warnings</source>
        <translation>%1 · %2 · %3 · %4 hata, %5 uyarı</translation>
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
        <source>Rules that fired on at least half of a file's rows, summarised once; every finding stays listed below</source>
        <translation>Bir dosyanın satırlarının en az yarısında tetiklenen kurallar, bir kez özetlenir; her bulgu aşağıda listelenmeye devam eder</translation>
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
        <source>The agent keeps rejected rows for %1 hours (by default), here until about %2.</source>
        <translation>Ajan reddedilen satırları (varsayılan olarak) %1 saat saklar; bu senkronizasyon için yaklaşık %2 tarihine kadar.</translation>
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
        <source>The agent no longer has the rejected rows of this sync: it keeps them for a limited time (%1 hours by default). %2 holds only the header.</source>
        <translation>Ajan bu senkronizasyonun reddedilen satırlarını artık tutmuyor: bunları sınırlı bir süre (varsayılan olarak %1 saat) saklar. %2 yalnızca başlık satırını içeriyor.</translation>
    </message>
    <message>
        <source>Download canceled; nothing was saved.</source>
        <translation>İndirme iptal edildi; hiçbir şey kaydedilmedi.</translation>
    </message>
    <message>
        <source>The agent no longer has the rejected rows of this sync: it keeps them for a limited time (%1 hours by default). (%2)</source>
        <translation>Ajan bu senkronizasyonun reddedilen satırlarını artık tutmuyor: bunları sınırlı bir süre (varsayılan olarak %1 saat) saklar. (%2)</translation>
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
        <source>Save this sync's evidence pack (files with their SHA-256, counts, findings, rules in force) as HTML or PDF</source>
        <translation>Bu senkronizasyonun kanıt paketini (SHA-256 özetleriyle dosyalar, sayımlar, bulgular, geçerli kurallar) HTML veya PDF olarak kaydet</translation>
    </message>
    <message>
        <source>Saving the evidence…</source>
        <translation>Kanıt kaydediliyor…</translation>
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
        <source>Staged as upload %1: %2, %3 (%4 bytes), SHA-256 %5. The next %6 sync loads it.</source>
        <translation>Yükleme %1 olarak hazırlandı: %2, %3 (%4 bayt), SHA-256 %5. Bir sonraki %6 senkronizasyonu bu dosyayı yükleyecek.</translation>
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
</context>
</TS>
