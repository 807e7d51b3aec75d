// SQLite store files, as every `--db FILE` opens them: open (and migrate) then read every table.
#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/store/store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = hwnas::fuzz::as_file(data, size, ".db");
  for (const char* suffix : {"-wal", "-shm", "-journal"}) std::filesystem::remove(file.string() + suffix);
  try {
    auto store = hwnas::store::open_store(file.string());
    store->runs();
    store->devices();
    store->counts();
    store->measurements({.include_reference = true});
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
