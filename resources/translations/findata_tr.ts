<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr" sourcelanguage="en">
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
</context>
<context>
    <name>findata::app::KeychainCredentialStore</name>
    <message>
        <source>No keychain is available on this system (%1).</source>
        <translation>Bu sistemde anahtar zinciri yok (%1).</translation>
    </message>
</context>
<context>
    <name>findata::app::MainWindow</name>
    <message>
        <source>This screen is not available in this version yet. The agent&apos;s REST API and `findata-agent` commands offer it today.</source>
        <translation>Bu ekran bu sürümde henüz yok. Ajanın REST API&apos;si ve `findata-agent` komutları bu işlevi bugün sunuyor.</translation>
    </message>
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
</context>
</TS>
