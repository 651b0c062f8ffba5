#include "pipeline.h"

namespace Sovereign::Pipeline {

QString kernelName() { return QStringLiteral("SOVEREIGN Research Kernel"); }

} // namespace Sovereign::Pipeline
