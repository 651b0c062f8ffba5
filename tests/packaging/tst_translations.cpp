// The user interface's translations: the German one loads for a German locale and not for others,
// the workbench picks its language from the environment, and the .ts sources keep the
// placeholders, accelerators and plural forms of their English texts.

#include "translations/translations.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

struct TsMessage
{
    QString context;
    QString source;
    QStringList translations; // one, or the plural forms
    bool finished = false;
    bool numerus = false;
};

QList<TsMessage> readTs(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return {};
    }
    QList<TsMessage> out;
    QXmlStreamReader xml(&f);
    QString context;
    TsMessage m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            m = TsMessage{context, {}, {}, false, xml.attributes().value(u"numerus"_s) == u"yes"};
        } else if (name == u"source") {
            m.source = xml.readElementText();
        } else if (name == u"translation") {
            const auto type = xml.attributes().value(u"type"_s);
            m.finished = type.isEmpty();
            if (m.numerus) {
                while (xml.readNextStartElement())
                    m.translations << xml.readElementText();
            } else {
                m.translations << xml.readElementText();
            }
            out << m;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

QSet<QString> placeholders(const QString &s)
{
    static const QRegularExpression re(u"%(\\d{1,2}|n)"_s);
    QSet<QString> out;
    for (auto it = re.globalMatch(s); it.hasNext();)
        out.insert(it.next().captured());
    return out;
}

bool hasAccelerator(const QString &s)
{
    static const QRegularExpression re(u"&[^&\\s]"_s);
    return re.match(s).hasMatch();
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void cleanup() { Sovereign::Translations::uninstall(); }

    void germanLoadsForAGermanLocale()
    {
        QCOMPARE(Sovereign::Translations::install(QLocale(QLocale::German, QLocale::Germany)), u"de"_s);
        QCOMPARE(QCoreApplication::translate("Sovereign::Ui::MainWindow", "&File"), u"&Datei"_s);
        QCOMPARE(QCoreApplication::translate("Sovereign::Ui::DecisionDialog", "Reject"), u"Ablehnen"_s);
        QCOMPARE(QCoreApplication::translate("Sovereign::Ui::MainWindow", "%n draft(s) loaded", nullptr, 1), u"1 Entwurf geladen"_s);
        QCOMPARE(QCoreApplication::translate("Sovereign::Ui::MainWindow", "%n draft(s) loaded", nullptr, 12), u"12 Entwürfe geladen"_s);
        // Austrian and Swiss German take the German file too.
        QCOMPARE(Sovereign::Translations::install(QLocale(QLocale::German, QLocale::Switzerland)), u"de"_s);
        Sovereign::Translations::uninstall();
        QCOMPARE(QCoreApplication::translate("Sovereign::Ui::MainWindow", "&File"), u"&File"_s);
    }

    void otherLocalesStayEnglish()
    {
        for (const QLocale &l : {QLocale(QLocale::English, QLocale::UnitedStates), QLocale(QLocale::French), QLocale::c()}) {
            QCOMPARE(Sovereign::Translations::install(l), QString());
            QCOMPARE(QCoreApplication::translate("Sovereign::Ui::MainWindow", "&File"), u"&File"_s);
        }
    }

    // The workbench itself chooses the language from the environment (its --help is translated).
    void workbenchFollowsTheEnvironment_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("expected");
        QTest::newRow("de_DE") << u"de_DE.UTF-8"_s << u"SOVEREIGN-Entwürfe prüfen"_s;
        QTest::newRow("de_AT") << u"de_AT.UTF-8"_s << u"SOVEREIGN-Entwürfe prüfen"_s;
        QTest::newRow("C") << u"C.UTF-8"_s << u"Review, decide on and publish SOVEREIGN drafts."_s;
        QTest::newRow("fr_FR") << u"fr_FR.UTF-8"_s << u"Review, decide on and publish SOVEREIGN drafts."_s;
    }

    void workbenchFollowsTheEnvironment()
    {
        QFETCH(QString, lang);
        QFETCH(QString, expected);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"LC_ALL", "LC_MESSAGES", "LANGUAGE"})
            env.remove(QString::fromLatin1(name));
        env.insert(u"LANG"_s, lang);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(SOVEREIGN_GUI), {u"--help"_s});
        QVERIFY(p.waitForFinished(30000));
        const QString out = QString::fromUtf8(p.readAll());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(out.contains(expected), qPrintable(out));
    }

    void tsFilesKeepPlaceholdersAndAccelerators()
    {
        QDirIterator it(QStringLiteral(SOVEREIGN_TS_DIR), {u"*.ts"_s}, QDir::Files);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            ++files;
            QString error;
            const QList<TsMessage> messages = readTs(path, &error);
            QVERIFY2(error.isEmpty(), qPrintable(path + u": "_s + error));
            QVERIFY(messages.size() > 100);
            int finished = 0;
            for (const TsMessage &m : messages) {
                if (!m.finished)
                    continue;
                ++finished;
                const QString where = u"%1 [%2] \"%3\""_s.arg(path, m.context, m.source);
                QVERIFY2(!m.translations.isEmpty() && !m.translations.first().isEmpty(), qPrintable(where + u": empty"_s));
                QSet<QString> expected = placeholders(m.source);
                for (const QString &t : m.translations) {
                    QSet<QString> got = placeholders(t);
                    if (m.numerus) { // a singular form may spell the number out
                        expected.remove(u"%n"_s);
                        got.remove(u"%n"_s);
                    }
                    QVERIFY2(got == expected, qPrintable(where + u": placeholders differ in \"%1\""_s.arg(t)));
                    QVERIFY2(hasAccelerator(t) == hasAccelerator(m.source), qPrintable(where + u": accelerator in \"%1\""_s.arg(t)));
                    QVERIFY2(t.startsWith(u' ') == m.source.startsWith(u' ') && t.endsWith(u' ') == m.source.endsWith(u' '),
                             qPrintable(where + u": leading or trailing space in \"%1\""_s.arg(t)));
                }
                if (m.numerus)
                    QVERIFY2(m.translations.size() == 2, qPrintable(where + u": German has two plural forms"_s));
            }
            // A useful translation, not a token one: most of the interface.
            QVERIFY2(finished * 10 >= messages.size() * 8,
                     qPrintable(u"%1: only %2 of %3 messages translated"_s.arg(path).arg(finished).arg(messages.size())));
        }
        QVERIFY(files >= 1);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
