// Reads the latency an external benchmark command printed on stdout. Accepted, last one wins:
//   a JSON object with a number "latency_ms"   {"latency_ms": 12.3, ...}  (alone on a line or the
//                                              whole output)
//   a line "latency: <number> <unit>"          latency: 12.3 ms   latency = 850 us   latency: 0.01 s
//     (case-insensitive, units ms, us, µs, s)
#pragma once

#include <optional>
#include <string_view>

namespace hwnas::engine {

// Seconds, or nullopt when nothing matched.
std::optional<double> parse_latency_seconds(std::string_view output);

}  // namespace hwnas::engine
