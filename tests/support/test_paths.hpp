// Paths the tests need: the CLI binary under test, tests/data, and the checkout.
#pragma once

#include <string>

namespace hwnas::test {

// The hwnas CLI this build made.
const std::string& cli_path();
// tests/data of the checkout.
const std::string& data_dir();
// The checkout's root.
const std::string& source_dir();

}  // namespace hwnas::test
