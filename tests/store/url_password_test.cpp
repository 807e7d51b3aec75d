// Store URLs may hold a password; hide_password is what every message and the runs table see.
#include <gtest/gtest.h>

#include "hwnas/store/url_password.hpp"

namespace hwnas::test {
namespace {

TEST(UrlPassword, HidesTheUserinfoPasswordAndPasswordParameters) {
  using store::hide_password;
  EXPECT_EQ(hide_password("postgresql://farm:s3cret@db.lab:5432/nas?sslmode=require"),
            "postgresql://farm:***@db.lab:5432/nas?sslmode=require");
  EXPECT_EQ(hide_password("postgres://u:p@h/d"), "postgres://u:***@h/d");
  EXPECT_EQ(hide_password("postgresql://h/d?user=u&password=p2&sslmode=verify-full"),
            "postgresql://h/d?user=u&password=***&sslmode=verify-full");
  EXPECT_EQ(hide_password("hwnas farm worker --db=postgresql://w:x@h/d --device-key k"),
            "hwnas farm worker --db=postgresql://w:***@h/d --device-key k");
  // Nothing to hide: unchanged.
  EXPECT_EQ(hide_password("postgresql://farm@db.lab/nas"), "postgresql://farm@db.lab/nas");
  EXPECT_EQ(hide_password("sqlite:///data/runs.db"), "sqlite:///data/runs.db");
}

}  // namespace
}  // namespace hwnas::test
