// Compiled with -mavx2 -mfma (see pipeline/CMakeLists.txt) and called only when the CPU has both.
// Eigen's namespace is renamed in this file so that its template instances, built for AVX2, can never
// be merged by the linker with the baseline instances used everywhere else (which would put AVX2
// instructions on code paths that older CPUs run).
#include "vectorkernel.h"

#define Eigen SovereignEigenAvx2
#define SOVEREIGN_KERNEL_NAME scoreBlockAvx2
#define SOVEREIGN_CODES_NAME scoreCodesAvx2
#define SOVEREIGN_DOT_NAME dotCodesAvx2
#include "vectorkernel.inc"
