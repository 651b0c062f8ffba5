#include "theme.h"

namespace Sovereign::Ui::Theme {

bool isDark(const QPalette &palette) { return palette.color(QPalette::Window).lightness() < 128; }

// Colours chosen for contrast against the window in each mode; the glyphs carry the meaning too.
QColor verifiedColor(const QPalette &p) { return isDark(p) ? QColor(0x4c, 0xc3, 0x6a) : QColor(0x1a, 0x7f, 0x37); }
QColor unverifiedColor(const QPalette &p) { return isDark(p) ? QColor(0xf0, 0x83, 0x4a) : QColor(0xc2, 0x41, 0x0c); }
QColor waitColor(const QPalette &p) { return isDark(p) ? QColor(0xd8, 0xb4, 0x3c) : QColor(0xb5, 0x8a, 0x00); }
QColor runningColor(const QPalette &p) { return isDark(p) ? QColor(0x5a, 0x9c, 0xf0) : QColor(0x1f, 0x5f, 0xbf); }
QColor failedColor(const QPalette &p) { return isDark(p) ? QColor(0xf0, 0x5a, 0x5a) : QColor(0xb4, 0x1c, 0x1c); }
QColor highlightTermColor(const QPalette &p) { return isDark(p) ? QColor(0x6b, 0x5a, 0x00) : QColor(0xff, 0xe8, 0x7a); }

QColor stanceColor(const QPalette &p, const QString &label)
{
    if (label == QStringLiteral("SUPPORTS"))
        return isDark(p) ? QColor(0x1f, 0x5c, 0x2e) : QColor(0xb8, 0xf0, 0xc2);
    if (label == QStringLiteral("REFUTES"))
        return isDark(p) ? QColor(0x7a, 0x1f, 0x1f) : QColor(0xff, 0xc2, 0xc2);
    return isDark(p) ? QColor(0x44, 0x44, 0x44) : QColor(0xdd, 0xdd, 0xdd);
}

} // namespace Sovereign::Ui::Theme
