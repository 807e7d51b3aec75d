// Store URLs may carry a password (postgresql://user:secret@host/db, ?password=secret). Anything
// hwnas prints, logs or stores goes through hide_password first.
#pragma once

#include <string>
#include <string_view>

namespace hwnas::store {

// The text with the password of every postgres:// or postgresql:// URL in it replaced by "***",
// and every `password=...` parameter likewise; other text unchanged.
//   "postgresql://farm:s3cret@db:5432/nas?sslmode=require" => "postgresql://farm:***@db:5432/nas?sslmode=require"
std::string hide_password(std::string_view text);

}  // namespace hwnas::store
