// The PostgreSQL schema of the profile store: the same tables and columns as SQLite's
// (sqlite_schema.cpp), the version in table hwnas_schema, and `hwnas db init`'s create-or-migrate.
#pragma once

#include <pqxx/pqxx>

#include <string>

#include "hwnas/store/store.hpp"

namespace hwnas::store::pg {

// Brings the database to the current schema (SchemaAction::migrate) or checks that it is there
// (refuse, automatic), throwing an InputError that names `label` and, where it helps, says to run
// `hwnas db init`. Creating and migrating hold an advisory lock, so two `db init` at once are safe.
void prepare_schema(pqxx::connection& c, const std::string& label, SchemaAction action);

}  // namespace hwnas::store::pg
