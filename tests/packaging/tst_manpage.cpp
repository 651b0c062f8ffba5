// The manual pages (packaging/man/) agree with the programs' own help: `sovereign --help` and every
// `sovereign COMMAND --help` name the same commands, sub-commands, options, exit codes and
// environment variables as sovereign(1), every environment variable the sources read is documented,
// and `sovereign-workbench --help` lists the options of sovereign-workbench(1).
//
// When one of these fails after a change to the command line, update packaging/man/sovereign.1 (or
// sovereign-workbench.1) together with the help text.

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Words = QSet<QString>;

QString sorted(const Words &w)
{
    QStringList l(w.cbegin(), w.cend());
    l.sort();
    return l.join(u", "_s);
}

// The words of a line of troff source without its macro name, quotes and font escapes.
QString plainLine(QString line)
{
    if (line.startsWith(u'.')) {
        const qsizetype space = line.indexOf(u' ');
        line = space < 0 ? QString() : line.mid(space + 1);
    }
    line.replace(u"\\-"_s, u"-"_s).replace(u"\\e"_s, u"\\"_s).replace(u"\\(em"_s, u"-"_s);
    static const QRegularExpression font(u"\\\\f[BIRP]"_s);
    line.remove(font);
    line.remove(u'"');
    return line;
}

// A manual page split into sections (.SH) and, inside COMMANDS, subsections (.SS).
struct ManPage
{
    QHash<QString, QStringList> sections;     // section name -> troff lines
    QHash<QString, QStringList> commands;     // .SS name in COMMANDS -> troff lines
    QStringList commandOrder;

    static ManPage read(const QString &path)
    {
        ManPage m;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
            return m;
        QString section, command;
        for (const QString &line : QString::fromUtf8(f.readAll()).split(u'\n')) {
            if (line.startsWith(u".\\\""))
                continue;
            if (line.startsWith(u".SH ")) {
                section = plainLine(line).trimmed();
                command.clear();
                continue;
            }
            if (line.startsWith(u".SS ") && section == u"COMMANDS") {
                command = plainLine(line).trimmed();
                m.commandOrder << command;
                continue;
            }
            m.sections[section] << line;
            if (!command.isEmpty())
                m.commands[command] << line;
        }
        return m;
    }

    static QString plain(const QStringList &lines)
    {
        QStringList out;
        for (const QString &l : lines)
            out << plainLine(l);
        return out.join(u' ');
    }

    // The tags of the .TP entries of a section (the line after each .TP).
    static QStringList tags(const QStringList &lines)
    {
        QStringList out;
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            if (lines.at(i) == u".TP")
                out << plainLine(lines.at(i + 1)).trimmed();
        }
        return out;
    }
};

Words options(const QString &text)
{
    static const QRegularExpression re(u"(?<![\\w-])--[a-z][a-z0-9-]*"_s);
    Words w;
    for (auto it = re.globalMatch(text); it.hasNext();)
        w.insert(it.next().captured());
    return w;
}

// The sub-command words of a synopsis: lower-case words outside brackets and parentheses, after
// "sovereign COMMAND" ("list", "show"; "approve|reject" gives both).
Words subcommands(QString synopsis, const QString &command)
{
    static const QRegularExpression bracketed(u"\\[[^\\]]*\\]|\\([^)]*\\)"_s);
    synopsis.remove(bracketed);
    static const QRegularExpression word(u"^[a-z][a-z-]*(\\|[a-z][a-z-]*)*$"_s);
    Words w;
    for (const QString &token : synopsis.split(QRegularExpression(u"\\s+"_s), Qt::SkipEmptyParts)) {
        if (token == u"sovereign" || token == command || !word.match(token).hasMatch())
            continue;
        for (const QString &part : token.split(u'|'))
            w.insert(part);
    }
    return w;
}

// The numbers of an "Exit codes: ..." / "Exit status: ..." sentence, up to its full stop.
Words exitCodes(const QString &text, const QString &lead)
{
    const qsizetype at = text.indexOf(lead);
    if (at < 0)
        return {};
    const qsizetype end = text.indexOf(QRegularExpression(u"\\.(\\s|$)"_s), at);
    const QString sentence = text.mid(at + lead.size(), end < 0 ? -1 : end - at - lead.size());
    static const QRegularExpression number(u"(?<![\\w.])(\\d+)(?![\\w.])"_s);
    Words w;
    for (auto it = number.globalMatch(sentence); it.hasNext();)
        w.insert(it.next().captured(1));
    return w;
}

// The lines of a help block that starts with `title` and ends at an empty line.
QStringList helpBlock(const QString &help, const QString &title)
{
    QStringList out;
    bool in = false;
    for (const QString &line : help.split(u'\n')) {
        if (in && line.trimmed().isEmpty())
            break;
        if (in)
            out << line;
        if (line.startsWith(title))
            in = true;
    }
    return out;
}

// First column of an indented help block ("  NAME   description"); "A, B" gives both names.
Words firstColumn(const QStringList &lines)
{
    Words w;
    for (const QString &line : lines) {
        if (!line.startsWith(u"  ") || line.startsWith(u"   "))
            continue;
        const QString first = line.trimmed().split(QRegularExpression(u"\\s{2,}"_s)).first();
        for (const QString &name : first.split(u", "_s))
            w.insert(name.split(u' ').first());
    }
    return w;
}

} // namespace

class TestManPage : public QObject
{
    Q_OBJECT

    ManPage m_man;
    ManPage m_guiMan;
    QString m_help;

    static QString run(const QString &program, const QStringList &args, int *exitCode = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
        }
        if (exitCode)
            *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return QString::fromUtf8(p.readAll());
    }

    QString commandHelp(const QString &command)
    {
        int code = -1;
        const QString text = run(QStringLiteral(SOVEREIGN_CLI), {command, u"--help"_s}, &code);
        if (code != 0)
            qWarning("sovereign %s --help exited with %d", qPrintable(command), code);
        return text;
    }

private slots:
    void initTestCase()
    {
        m_man = ManPage::read(QStringLiteral(SOVEREIGN_MAN_PAGE));
        m_guiMan = ManPage::read(QStringLiteral(SOVEREIGN_GUI_MAN_PAGE));
        QVERIFY2(!m_man.sections.isEmpty(), SOVEREIGN_MAN_PAGE " cannot be read");
        QVERIFY2(!m_guiMan.sections.isEmpty(), SOVEREIGN_GUI_MAN_PAGE " cannot be read");
        int code = -1;
        m_help = run(QStringLiteral(SOVEREIGN_CLI), {u"--help"_s}, &code);
        QCOMPARE(code, 0);
        QVERIFY(m_help.startsWith(u"Usage: sovereign"));
    }

    void sectionsArePresent()
    {
        for (const char *s : {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT",
                              "FILES", "SEE ALSO"})
            QVERIFY2(m_man.sections.contains(QString::fromLatin1(s)), s);
    }

    void commandsAgree()
    {
        const Words help = firstColumn(helpBlock(m_help, u"Commands:"_s));
        QVERIFY(help.size() >= 5);
        const Words man(m_man.commandOrder.cbegin(), m_man.commandOrder.cend());
        QVERIFY2(help == man, qPrintable(u"sovereign --help: %1\nsovereign.1:      %2"_s.arg(sorted(help), sorted(man))));
    }

    void globalOptionsAgree()
    {
        const Words help = firstColumn(helpBlock(m_help, u"Global options"_s));
        const Words man = options(ManPage::plain(ManPage::tags(m_man.sections.value(u"OPTIONS"_s))));
        QVERIFY(help.contains(u"--db"_s));
        QVERIFY2(help == man, qPrintable(u"sovereign --help: %1\nsovereign.1:      %2"_s.arg(sorted(help), sorted(man))));
    }

    void commandHelpAgrees_data()
    {
        QTest::addColumn<QString>("command");
        for (const QString &c : firstColumn(helpBlock(m_help, u"Commands:"_s)))
            QTest::newRow(qPrintable(c)) << c;
    }

    // Options, sub-commands and exit codes of one command.
    void commandHelpAgrees()
    {
        QFETCH(QString, command);
        const QString help = commandHelp(command);
        QVERIFY2(help.contains(u"Usage: sovereign " + command), qPrintable(help));
        QVERIFY2(m_man.commands.contains(command), qPrintable(u"sovereign.1 has no section for " + command));
        const QStringList manLines = m_man.commands.value(command);
        const QString man = ManPage::plain(manLines);

        Words helpOptions = options(help), manOptions = options(man);
        helpOptions.remove(u"--help"_s);
        manOptions.remove(u"--help"_s);
        QVERIFY2(helpOptions == manOptions,
                 qPrintable(u"options of %1\n--help:      %2\nsovereign.1: %3"_s.arg(command, sorted(helpOptions), sorted(manOptions))));

        // Synopsis: the help's Usage lines, the man page's lines up to the first .PP.
        QStringList usage;
        for (const QString &line : help.split(u'\n')) {
            if (line.startsWith(u"Usage: ") || (!usage.isEmpty() && line.startsWith(u"       sovereign ")))
                usage << line.mid(7);
            else if (!usage.isEmpty())
                break;
        }
        const QStringList synopsis = manLines.mid(0, manLines.indexOf(u".PP"_s));
        const Words helpSubs = subcommands(usage.join(u' '), command);
        const Words manSubs = subcommands(ManPage::plain(synopsis), command);
        QVERIFY2(helpSubs == manSubs,
                 qPrintable(u"sub-commands of %1\n--help:      %2\nsovereign.1: %3"_s.arg(command, sorted(helpSubs), sorted(manSubs))));

        const Words helpCodes = exitCodes(help, u"Exit codes:"_s);
        const Words manCodes = exitCodes(man, u"Exit status:"_s);
        QVERIFY2(helpCodes == manCodes,
                 qPrintable(u"exit codes of %1\n--help:      %2\nsovereign.1: %3"_s.arg(command, sorted(helpCodes), sorted(manCodes))));
    }

    void exitCodesAgree()
    {
        const Words help = exitCodes(m_help, u"Exit codes:"_s);
        const QStringList tags = ManPage::tags(m_man.sections.value(u"EXIT STATUS"_s));
        const Words man(tags.cbegin(), tags.cend());
        QVERIFY(help.contains(u"0"_s) && help.contains(u"130"_s));
        QVERIFY2(help == man, qPrintable(u"sovereign --help: %1\nsovereign.1:      %2"_s.arg(sorted(help), sorted(man))));
    }

    void environmentAgrees()
    {
        const Words help = firstColumn(helpBlock(m_help, u"Environment:"_s));
        const QStringList tags = ManPage::tags(m_man.sections.value(u"ENVIRONMENT"_s));
        const Words man(tags.cbegin(), tags.cend());
        QVERIFY(help.contains(u"SOVEREIGN_DB"_s));
        QVERIFY2(help == man, qPrintable(u"sovereign --help: %1\nsovereign.1:      %2"_s.arg(sorted(help), sorted(man))));
    }

    // Every SOVEREIGN_* / NVIDIA_* variable the sources read is in the ENVIRONMENT section.
    void environmentCoversTheSources()
    {
        const QStringList tags = ManPage::tags(m_man.sections.value(u"ENVIRONMENT"_s));
        const Words man(tags.cbegin(), tags.cend());
        static const QRegularExpression quoted(u"\"((?:SOVEREIGN|NVIDIA)_[A-Z0-9_]+)\""_s);
        Words read;
        int files = 0;
        for (const char *dir : {"app", "pipeline", "models", "ui", "resources"}) {
            QDirIterator it(QStringLiteral(SOVEREIGN_SOURCE_DIR "/") + QString::fromLatin1(dir), {u"*.cpp"_s, u"*.h"_s},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                ++files;
                const QString text = QString::fromUtf8(f.readAll());
                for (auto m = quoted.globalMatch(text); m.hasNext();)
                    read.insert(m.next().captured(1));
            }
        }
        QVERIFY(files > 20);
        QVERIFY(read.contains(u"SOVEREIGN_DB"_s));
        const Words missing = read - man;
        QVERIFY2(missing.isEmpty(), qPrintable(u"read by the sources but not in sovereign.1 ENVIRONMENT: " + sorted(missing)));
    }

    void workbenchOptionsAgree()
    {
        int code = -1;
        const QString help = run(QStringLiteral(SOVEREIGN_GUI), {u"--help"_s}, &code);
        QCOMPARE(code, 0);
        const Words fromHelp = options(help);
        const Words man = options(ManPage::plain(ManPage::tags(m_guiMan.sections.value(u"OPTIONS"_s))));
        QVERIFY(fromHelp.contains(u"--db"_s));
        QVERIFY2(fromHelp == man,
                 qPrintable(u"sovereign-workbench --help: %1\nsovereign-workbench.1:      %2"_s.arg(sorted(fromHelp), sorted(man))));
    }
};

QTEST_GUILESS_MAIN(TestManPage)
#include "tst_manpage.moc"
