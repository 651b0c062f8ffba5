#include "theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace Sovereign::Ui::Theme {

bool isDark(const QPalette &palette) { return palette.color(QPalette::Window).lightness() < 128; }

// Colours chosen for contrast against the window in each mode; the glyphs carry the meaning too.
QColor verifiedColor(const QPalette &p) { return isDark(p) ? QColor(0x4c, 0xc3, 0x6a) : QColor(0x1a, 0x7f, 0x37); }
QColor unverifiedColor(const QPalette &p) { return isDark(p) ? QColor(0xf0, 0x83, 0x4a) : QColor(0xc2, 0x41, 0x0c); }
QColor waitColor(const QPalette &p) { return isDark(p) ? QColor(0xd8, 0xb4, 0x3c) : QColor(0xb5, 0x8a, 0x00); }
QColor runningColor(const QPalette &p) { return isDark(p) ? QColor(0x5a, 0x9c, 0xf0) : QColor(0x1f, 0x5f, 0xbf); }
QColor failedColor(const QPalette &p) { return isDark(p) ? QColor(0xf0, 0x5a, 0x5a) : QColor(0xb4, 0x1c, 0x1c); }
QColor highlightTermColor(const QPalette &p) { return isDark(p) ? QColor(0x6b, 0x5a, 0x00) : QColor(0xff, 0xe8, 0x7a); }

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6), muted(0x9a, 0x9d, 0xa3);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x44));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf5));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xf0));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::Midlight, QColor(0x34, 0x36, 0x3b));
    p.setColor(QPalette::Mid, QColor(0x23, 0x24, 0x27));
    p.setColor(QPalette::Dark, QColor(0x19, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, muted);
    return p;
}

void applyAppearance(const QString &scheme)
{
    if (scheme != QLatin1StringView("dark") && scheme != QLatin1StringView("light")) {
        if (QApplication::style())
            QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    QApplication::setPalette(scheme == QLatin1StringView("dark") ? darkPalette() : QApplication::style()->standardPalette());
}

QColor stanceColor(const QPalette &p, const QString &label)
{
    if (label == QStringLiteral("SUPPORTS"))
        return isDark(p) ? QColor(0x1f, 0x5c, 0x2e) : QColor(0xb8, 0xf0, 0xc2);
    if (label == QStringLiteral("REFUTES"))
        return isDark(p) ? QColor(0x7a, 0x1f, 0x1f) : QColor(0xff, 0xc2, 0xc2);
    return isDark(p) ? QColor(0x44, 0x44, 0x44) : QColor(0xdd, 0xdd, 0xdd);
}

} // namespace Sovereign::Ui::Theme
