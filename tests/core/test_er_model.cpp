// The ER diagram's model (core/er_model): cardinalities from keys and unique indexes, link
// tables for many-to-many, and key markers on columns.
#include <catch2/catch.hpp>

#include "core/er_model.h"

using namespace pgplay;

namespace {

ColumnInfo col(std::string name, std::string type, bool notNull = true, bool pk = false) {
    ColumnInfo c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.notNull = notNull;
    c.primaryKey = pk;
    return c;
}

ForeignKeyInfo fk(std::string name, std::vector<std::string> columns, std::string refTable, std::string onDelete = "NO ACTION") {
    ForeignKeyInfo f;
    f.name = std::move(name);
    f.columns = std::move(columns);
    f.refTable = std::move(refTable);
    f.refColumns = {"id"};
    f.onDelete = std::move(onDelete);
    return f;
}

TableInfo table(std::string name, std::vector<ColumnInfo> columns) {
    TableInfo t;
    t.schema = "public";
    t.name = std::move(name);
    t.kind = "table";
    t.columns = std::move(columns);
    return t;
}

// A shop: customers 1-n orders, customers 1-1 profiles, students n-m courses through enrolments.
SchemaSnapshot shop() {
    SchemaSnapshot s;
    s.tables.push_back(table("customers", {col("id", "bigint", true, true), col("email", "text")}));
    s.tables.back().indexes.push_back({"customers_email_key", "CREATE UNIQUE INDEX customers_email_key ON public.customers USING btree (email)", true, false});
    s.tables.push_back(table("orders", {col("id", "bigint", true, true), col("customer_id", "bigint", false)}));
    s.tables.back().foreignKeys.push_back(fk("orders_customer_id_fkey", {"customer_id"}, "customers", "CASCADE"));
    s.tables.push_back(table("profiles", {col("id", "bigint", true, true), col("customer_id", "bigint")}));
    s.tables.back().foreignKeys.push_back(fk("profiles_customer_id_fkey", {"customer_id"}, "customers"));
    s.tables.back().indexes.push_back({"profiles_customer_id_key", "CREATE UNIQUE INDEX profiles_customer_id_key ON public.profiles USING btree (customer_id)", true, false});
    s.tables.push_back(table("students", {col("id", "int", true, true)}));
    s.tables.push_back(table("courses", {col("id", "int", true, true)}));
    s.tables.push_back(table("enrolments", {col("student_id", "int", true, true), col("course_id", "int", true, true),
                                            col("enrolled_on", "date")}));
    s.tables.back().foreignKeys.push_back(fk("enrolments_student_id_fkey", {"student_id"}, "students"));
    s.tables.back().foreignKeys.push_back(fk("enrolments_course_id_fkey", {"course_id"}, "courses"));
    return s;
}

}  // namespace

TEST_CASE("ER model: one-to-many, one-to-one and many-to-many from the keys", "[er]") {
    const ErModel m = buildErModel(shop());
    REQUIRE(m.entities.size() == 6);
    REQUIRE(m.relationships.size() == 3);

    const ErRelationship& orders = m.relationships[0];
    CHECK(m.entities[orders.child].name == "orders");
    CHECK(m.entities[orders.parent].name == "customers");
    CHECK(orders.cardinality == ErCardinality::OneToMany);
    CHECK(orders.optional);   // customer_id may be NULL
    CHECK(orders.onDelete == "CASCADE");

    const ErRelationship& profile = m.relationships[1];
    CHECK(m.entities[profile.child].name == "profiles");
    CHECK(profile.cardinality == ErCardinality::OneToOne);   // customer_id is unique
    CHECK_FALSE(profile.optional);

    const ErRelationship& enrolments = m.relationships[2];
    CHECK(enrolments.cardinality == ErCardinality::ManyToMany);
    CHECK(m.entities[enrolments.child].name == "students");
    CHECK(m.entities[enrolments.parent].name == "courses");
    REQUIRE(enrolments.link);
    CHECK(m.entities[*enrolments.link].name == "enrolments");
    CHECK(m.entities[*enrolments.link].linkTable);
}

TEST_CASE("ER model: column markers", "[er]") {
    const ErModel m = buildErModel(shop());
    const ErEntity& customers = m.entities[*m.find("customers")];
    CHECK(customers.columns[0].primaryKey);
    CHECK(customers.columns[1].unique);
    CHECK(customers.columns[1].notNull);
    const ErEntity& orders = m.entities[*m.find("orders")];
    CHECK(orders.columns[1].foreignKey);
    CHECK_FALSE(orders.columns[1].notNull);
    CHECK_FALSE(orders.columns[1].unique);
    CHECK_FALSE(m.find("nope"));
}

TEST_CASE("ER model: a table with two foreign keys and more data is not a link table", "[er]") {
    SchemaSnapshot s = shop();
    TableInfo& enrolments = s.tables.back();
    enrolments.columns.push_back(col("grade", "int"));
    enrolments.columns.push_back(col("notes", "text"));
    enrolments.columns.push_back(col("teacher", "text"));
    const ErModel m = buildErModel(s);
    CHECK_FALSE(m.entities.back().linkTable);
    CHECK(m.relationships.size() == 4);   // two one-to-many foreign keys instead
}

TEST_CASE("ER model: a foreign key to a table outside the user's schemas is left out", "[er]") {
    SchemaSnapshot s = shop();
    s.tables[1].foreignKeys.push_back(fk("orders_x_fkey", {"customer_id"}, "elsewhere.things"));
    CHECK(buildErModel(s).relationships.size() == 3);
}

TEST_CASE("indexColumns reads plain index definitions only", "[er]") {
    CHECK(indexColumns("CREATE UNIQUE INDEX u ON public.t USING btree (a, b)") == std::vector<std::string>{"a", "b"});
    CHECK(indexColumns("CREATE INDEX i ON public.t USING btree (name DESC, \"Odd\"\"Col\")") ==
          std::vector<std::string>{"name", "Odd\"Col"});
    CHECK(indexColumns("CREATE UNIQUE INDEX u ON public.t USING btree (lower(email))").empty());
    CHECK(indexColumns("CREATE UNIQUE INDEX u ON public.t USING btree (email) WHERE (active)").empty());
    CHECK(indexColumns("CREATE UNIQUE INDEX u ON public.t USING btree (email text_pattern_ops)") ==
          std::vector<std::string>{"email"});
    CHECK(indexColumns("").empty());
    CHECK(indexColumns("CREATE INDEX i ON t USING btree ()").empty());
    CHECK(indexColumns("CREATE INDEX i ON t USING btree (a").empty());
}
