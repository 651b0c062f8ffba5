#pragma once

// Version and identity of the pipeline library.

#include <QString>

namespace Sovereign::Pipeline {

QString kernelName();

} // namespace Sovereign::Pipeline
