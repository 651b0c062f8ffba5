#pragma once

// A size-realistic stand-in for arXiv's OAI metadata snapshot (the Kaggle "arxiv-metadata-oai-
// snapshot.json" JSON-lines file): one record per line with the snapshot's fields (id, submitter,
// authors, title, comments, journal-ref, doi, report-no, categories, license, abstract, versions,
// update_date, authors_parsed) and their shapes: titles and abstracts wrapped with "\n  " like the
// snapshot, title / abstract / author-count / version-count distributions close to arXiv's, a
// category mix weighted like arXiv's archives with cross-lists, old-style ids (hep-th/9901001)
// before 2007, 4-digit then 5-digit new-style ids after, submissions growing over the years.
//
// Text is synthetic but structured: every category has its own topic vocabulary, so searches and
// the embedder see topics, not noise; English function words occur at about their real rates.
// Deterministic: record i of an N-record file depends only on (seed, N, i), on every platform
// (own PRNG and integer-only sampling, no std::*_distribution).

#include <cstdint>
#include <functional>
#include <string>

namespace Sovereign::Bench {

struct OaiGeneratorOptions
{
    std::uint64_t seed = 20261203;
    std::int64_t records = 100000;
};

class OaiGenerator
{
public:
    explicit OaiGenerator(const OaiGeneratorOptions &options);
    ~OaiGenerator();
    OaiGenerator(const OaiGenerator &) = delete;
    OaiGenerator &operator=(const OaiGenerator &) = delete;

    std::int64_t records() const;
    // Appends record i (0-based, < records()) as one JSON line including the trailing '\n'.
    void appendRecord(std::int64_t i, std::string &out) const;
    // The version-less arXiv id of record i.
    std::string id(std::int64_t i) const;

    // Writes all records to path (two threads; output identical to a sequential run).
    // progress(done) is called now and then. Returns false with a message on an I/O error.
    bool writeFile(const std::string &path, std::string *error,
                   const std::function<void(std::int64_t)> &progress = {}) const;

private:
    struct Impl;
    Impl *d;
};

} // namespace Sovereign::Bench
