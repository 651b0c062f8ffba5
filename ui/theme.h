#pragma once

// Colours and syntax-highlighting theme that follow the system palette (dark or light).

#include <QColor>
#include <QPalette>

namespace KSyntaxHighlighting {
class Repository;
}

namespace Sovereign::Ui::Theme {

bool isDark(const QPalette &palette);
QColor verifiedColor(const QPalette &palette);
QColor unverifiedColor(const QPalette &palette);
QColor waitColor(const QPalette &palette);
QColor runningColor(const QPalette &palette);
QColor failedColor(const QPalette &palette);
QColor highlightTermColor(const QPalette &palette);
// Background of a stance quote in its passage: green-ish SUPPORTS, red-ish REFUTES, grey otherwise.
QColor stanceColor(const QPalette &palette, const QString &label);

// The owner's appearance setting: "dark" or "light" use the Fusion style with a dark or light
// palette; "system" leaves the platform's choice.
QPalette darkPalette();
void applyAppearance(const QString &scheme);

} // namespace Sovereign::Ui::Theme
