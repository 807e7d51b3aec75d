// hwnas db init: create or migrate a store's schema, once, as the database's owner (docs/farm.md).
#include <fmt/core.h>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::cli::cmd_db_init {
namespace {

const CommandRegistration registration(26, [](CLI::App& app) {
  auto db = std::make_shared<std::string>();
  auto* cmd = app.get_subcommand("db")->add_subcommand("init", "Create or migrate a store's schema (run once, as its owner)");
  cmd->footer("Other commands on a PostgreSQL store, and farm workers on any store, never change the schema:\n"
              "they refuse one of another version with a line saying to run this.\n"
              "Examples:\n  hwnas db init --db postgresql://hwnas_owner@db.lab:5432/nas\n  hwnas db init --db runs.db");
  cmd->add_option("--db", *db, kStoreUrlHelp)->required();
  cmd->callback([db] {
    const auto store = store::open_store(*db, store::SchemaAction::migrate);
    fmt::print("{}: schema ready\n", store->url());
  });
});

}  // namespace
}  // namespace hwnas::cli::cmd_db_init
