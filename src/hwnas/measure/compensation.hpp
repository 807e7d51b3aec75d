// The reference network of measure --compensate (docs/measurement.md, "Drift compensation"): one
// fixed network per (device key, space, resolution), run after every timed run of each network so
// that drift common to both cancels in t_net / t_ref.
#pragma once

#include <optional>
#include <string>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/space/space.hpp"
#include "hwnas/store/records.hpp"

namespace hwnas::measure {

// How many seeded samples the typical reference is chosen among.
inline constexpr int kReferenceCandidates = 101;

// The network whose memory footprint (fp32 weights + peak live activations) is the median of
// kReferenceCandidates uniform samples (seed 0) at this resolution: a drift that comes from the
// memory side (caches, bandwidth) hits it about as hard as a typical network of the space.
arch::Architecture typical_reference(const space::Space& space, int resolution);

// `named` (the user's --reference) at this resolution, or typical_reference when none is named.
arch::Architecture choose_reference(const space::Space& space, int resolution,
                                    const std::optional<arch::Architecture>& named);

// "T_ref ofa-mbv3 r160: 3.412 ms (95% CI 3.398..3.430, 40 runs, 2026-12-04T21:30:00.000Z), reference <hash>"
std::string describe(const store::ReferenceBaseline& baseline);

}  // namespace hwnas::measure
