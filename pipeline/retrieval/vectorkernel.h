#pragma once

// The matrix product behind VectorIndex, built twice: once with the baseline instruction set and
// once with AVX2 + FMA (vectorkernel_avx2.cpp). Internal to the pipeline library.

namespace Sovereign::Pipeline::Kernel {

// out (nDocs x nQueries, column-major) = docs^T * queries; docs is dim x nDocs, queries dim x nQueries,
// both column-major.
void scoreBlockBaseline(const float *docs, int dim, int nDocs, const float *queries, int nQueries, float *out);
void scoreBlockAvx2(const float *docs, int dim, int nDocs, const float *queries, int nQueries, float *out);
bool haveAvx2();

} // namespace Sovereign::Pipeline::Kernel
