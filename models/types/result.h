#pragma once

// Results of everything that can fail: a value or a readable message, never an exception.

#include <QString>

#include <expected>

namespace Sovereign::Models {

template<typename T>
using Result = std::expected<T, QString>;
using Status = std::expected<void, QString>;

inline std::unexpected<QString> fail(const QString &message) { return std::unexpected<QString>(message); }

} // namespace Sovereign::Models
