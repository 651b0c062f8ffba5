// sovereign: the command-line tool over the same core as the workbench.
#include "cli/cli.h"

int main(int argc, char **argv) { return Sovereign::App::runCli(argc, argv); }
