#pragma once

// The matrix product behind VectorIndex, built twice: once with the baseline instruction set and
// once with AVX2 + FMA (vectorkernel_avx2.cpp). Internal to the pipeline library.

namespace Sovereign::Pipeline::Kernel {

// out (nDocs x nQueries, column-major) = docs^T * queries; docs is dim x nDocs, queries dim x nQueries,
// both column-major.
void scoreBlockBaseline(const float *docs, int dim, int nDocs, const float *queries, int nQueries, float *out);
void scoreBlockAvx2(const float *docs, int dim, int nDocs, const float *queries, int nQueries, float *out);
// out[i] = scales[i] * dot(codes_i, query) for nDocs int8 vectors of dim values (row after row):
// one query scored straight from the codes, without widening them to floats in memory first.
void scoreCodesBaseline(const signed char *codes, const float *scales, int dim, int nDocs, const float *query, float *out);
void scoreCodesAvx2(const signed char *codes, const float *scales, int dim, int nDocs, const float *query, float *out);
// out[i] = dot(codes_i, query) in exact integer arithmetic, both int8 with |value| <= 127.
void dotCodesBaseline(const signed char *codes, int dim, int nDocs, const signed char *query, int *out);
void dotCodesAvx2(const signed char *codes, int dim, int nDocs, const signed char *query, int *out);
bool haveAvx2();

} // namespace Sovereign::Pipeline::Kernel
