// Inputs fuzz/fuzz_store_file and fuzz/fuzz_blockprofile_csv found to crash the store's readers,
// now one InputError each (docs/hardening.md).
#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/store/csv_io.hpp"
#include "hwnas/store/store.hpp"
#include "store_test_util.hpp"
#include "support/fuzz_finding.hpp"
#include "support/input_error.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

TEST(FuzzFindings, StoreWithATableMissingAColumnIsDamagedAtOpen) {
  // A schema-3 store whose layer_latencies lacks tool_layer: preparing its INSERT threw
  // std::runtime_error ("internal error") instead of naming the damage.
  TempDir dir("store");
  const auto file = dir / "finding.db";
  std::filesystem::copy_file(fuzz_finding("store", "store-table-missing-a-column.sqlite"), file);
  const std::string message = input_error_of([&] { store::open_store(file.string()); });
  EXPECT_NE(message.find("has no column"), std::string::npos) << message;
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
}

TEST(FuzzFindings, StoreFullWhileMigratingWithRoomOnTheDiskIsDamaged) {
  // A damaged older-schema store whose migration SQLite stops with SQLITE_FULL ("database or disk
  // is full") although the disk has room: it escaped as std::runtime_error.
  TempDir dir("store");
  const auto file = dir / "finding.db";
  std::filesystem::copy_file(fuzz_finding("store", "store-full-during-migration.sqlite"), file);
  const std::string message = input_error_of([&] { store::open_store(file.string()); });
  EXPECT_NE(message.find("damaged"), std::string::npos) << message;
}

TEST(FuzzFindings, StoreWhoseSchemaDoesNotFitTheStatementsIsDamaged) {
  // A schema whose foreign key from measurements to runs matches no key: preparing
  // 'DELETE FROM measurements ...' failed with "foreign key mismatch" as std::runtime_error.
  TempDir dir("store");
  const auto file = dir / "finding.db";
  std::filesystem::copy_file(fuzz_finding("store", "store-foreign-key-mismatch.sqlite"), file);
  const std::string message = input_error_of([&] { store::open_store(file.string()); });
  EXPECT_NE(message.find("damaged"), std::string::npos) << message;
}

TEST(FuzzFindings, StoreWhoseSchemaRecordClaimsAnAbsurdSizeIsDamaged) {
  // SQLite's allocator refused the size a damaged schema record claims and reported SQLITE_NOMEM
  // ("out of memory"), which escaped as std::runtime_error.
  TempDir dir("store");
  const auto file = dir / "finding.db";
  std::filesystem::copy_file(fuzz_finding("store", "store-record-claiming-an-absurd-size.sqlite"), file);
  const std::string message = input_error_of([&] { store::open_store(file.string())->measurements(); });
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
}

TEST(FuzzFindings, StoreWhoseHeaderSqliteCannotReadIsDamaged) {
  // A header with an unknown schema format number: SQLite says "unsupported file format" as a
  // plain SQLITE_ERROR, which escaped as std::runtime_error.
  TempDir dir("store");
  const auto file = dir / "finding.db";
  std::filesystem::copy_file(fuzz_finding("store", "store-unsupported-schema-format.sqlite"), file);
  const std::string message = input_error_of([&] { store::open_store(file.string()); });
  EXPECT_NE(message.find("unsupported file format"), std::string::npos) << message;
}

TEST(FuzzFindings, StoreWhoseJsonColumnIsDamagedIsAnInputErrorWhenRead) {
  // A measurement whose protocol column holds a NUL byte: nlohmann::json::parse_error escaped
  // from measurements().
  TempDir dir("store");
  const auto file = dir / "finding.db";
  std::filesystem::copy_file(fuzz_finding("store", "store-json-column-with-a-nul.sqlite"), file);
  const std::string message = input_error_of([&] { store::open_store(file.string())->measurements({.include_reference = true}); });
  EXPECT_NE(message.find("damaged: column"), std::string::npos) << message;
}

TEST(FuzzFindings, CsvFieldThatIsNotUtf8IsRefusedNamingTheLine) {
  // A net_str with 0xFF bytes reached the store, whose JSON column (protocol.net_id) could not
  // hold it: nlohmann::json::type_error 316 escaped.
  auto store = store::open_store(":memory:");
  const auto from_net_str = [](const std::string&, int) -> store::ArchRecord {
    throw InputError("not reached: the row is refused first");
  };
  const std::string message = input_error_of(
      [&] { store::import_csv(*store, fuzz_finding("store", "csv-net-id-not-utf8.csv"), from_net_str); });
  EXPECT_NE(message.find("line 2: field 2 is not UTF-8 text"), std::string::npos) << message;
}

}  // namespace
}  // namespace hwnas::test
