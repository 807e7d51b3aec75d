// What every harness shares: the input as text, or as a file for the readers that take a path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace hwnas::fuzz {

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// One file per process (fuzz.sh runs harnesses side by side), rewritten for each input.
inline std::filesystem::path as_file(const std::uint8_t* data, std::size_t size, const std::string& extension) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("hwnas-fuzz-" + std::to_string(getpid()) + extension);
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                static_cast<std::streamsize>(size));
  return path;
}

}  // namespace hwnas::fuzz
