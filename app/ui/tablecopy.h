#pragma once
// Ctrl+C (the platform's Copy shortcut) on a table: the selected cells as tab-separated text,
// one line per row, header names first, ready to paste into a spreadsheet.

class QAbstractItemView;
class QString;

namespace findata::app {

/// Adds the Copy action to `view` (and its context menu).
void installTableCopy(QAbstractItemView* view);
/// The selection of `view` as text (what Copy puts on the clipboard).
QString selectionAsText(const QAbstractItemView* view);

}  // namespace findata::app
