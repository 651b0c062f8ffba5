#include "vectorkernel.h"

#define SOVEREIGN_KERNEL_NAME scoreBlockBaseline
#define SOVEREIGN_CODES_NAME scoreCodesBaseline
#define SOVEREIGN_DOT_NAME dotCodesBaseline
#include "vectorkernel.inc"

namespace Sovereign::Pipeline::Kernel {

bool haveAvx2()
{
#if defined(SOVEREIGN_HAVE_AVX2_KERNEL) && (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return false;
#endif
}

#ifndef SOVEREIGN_HAVE_AVX2_KERNEL
void scoreBlockAvx2(const float *docs, int dim, int nDocs, const float *queries, int nQueries, float *out)
{
    scoreBlockBaseline(docs, dim, nDocs, queries, nQueries, out);
}
void scoreCodesAvx2(const signed char *codes, const float *scales, int dim, int nDocs, const float *query, float *out)
{
    scoreCodesBaseline(codes, scales, dim, nDocs, query, out);
}
void dotCodesAvx2(const signed char *codes, int dim, int nDocs, const signed char *query, int *out)
{
    dotCodesBaseline(codes, dim, nDocs, query, out);
}
#endif

} // namespace Sovereign::Pipeline::Kernel
