#pragma once

// Where the application's data files are read from: the demo corpus, the LLM prompts and the
// public-record contract tables.
//
// An installed application reads them from <prefix>/share/sovereign-workbench (found from the
// executable's own directory, so /usr, /usr/local and /opt installs all work), where the package
// puts them and an administrator may adapt them. A program without that directory — the build
// tree, the tests — reads the copies compiled into it as Qt resources under ":/sovereign/".

#include <QString>

namespace Sovereign::Resources {

// The installed data directory, or an empty string when there is none (or no QCoreApplication yet).
QString installedDataDir();

// The file or directory to read for `relative` (e.g. "prompts/planner.v1.md"): the installed copy
// when the installed data directory has it, else the compiled-in ":/sovereign/<relative>".
QString locate(const QString &relative);

// A short description of where data files come from, for `sovereign db`: the directory, or "built-in".
QString describeSource();

} // namespace Sovereign::Resources
