#pragma once
// Reading the agent's CSV answers back in tests (rejected rows, findings, exports) without the
// agent's own reader, so a test checks the bytes independently of the code under test.

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace findata::test {

/// RFC 4180 records with ';' between fields (quoted fields may hold ';', quotes and line breaks).
QList<QStringList> parseCsv(const QByteArray& bytes);

}  // namespace findata::test
