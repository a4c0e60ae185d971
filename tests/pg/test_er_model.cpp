// The ER diagram's model from a real server's catalog: the schema the foreign-keys lesson builds
// (projects, tasks, users), a one-to-one profile and a many-to-many tag link.
#include "pg_fixture.h"

#include "core/er_model.h"

using namespace pgplay;

TEST_CASE("ER model from the server's catalog", "[er][server]") {
    pgtest::ThrowawayDatabase db("ermodel");
    QueryResult setup = pgtest::run(*db.db,
        "CREATE TABLE projects (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);\n"
        "CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE);\n"
        "CREATE TABLE tasks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL,\n"
        "  project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,\n"
        "  assigned_to uuid REFERENCES users (id) ON DELETE SET NULL);\n"
        "CREATE TABLE profiles (user_id uuid PRIMARY KEY REFERENCES users (id), bio text);\n"
        "CREATE TABLE tags (id int PRIMARY KEY, label text);\n"
        "CREATE TABLE task_tags (task_id bigint REFERENCES tasks (id), tag_id int REFERENCES tags (id),\n"
        "  PRIMARY KEY (task_id, tag_id));");
    INFO(pgtest::describe(setup));
    REQUIRE(setup.ok);
    QueryResult r = pgtest::run(*db.db, schemaQuerySql());
    SchemaSnapshot s;
    REQUIRE(parseSchemaResult(r, s));
    const ErModel m = buildErModel(s);

    auto relationship = [&](const std::string& child, const std::string& parent) -> const ErRelationship* {
        for (const ErRelationship& rel : m.relationships)
            if (m.entities[rel.child].name == child && m.entities[rel.parent].name == parent) return &rel;
        return nullptr;
    };
    const ErRelationship* project = relationship("tasks", "projects");
    REQUIRE(project);
    CHECK(project->cardinality == ErCardinality::OneToMany);
    CHECK(project->onDelete == "CASCADE");
    CHECK_FALSE(project->optional);
    const ErRelationship* assignee = relationship("tasks", "users");
    REQUIRE(assignee);
    CHECK(assignee->optional);
    CHECK(assignee->onDelete == "SET NULL");
    const ErRelationship* profile = relationship("profiles", "users");
    REQUIRE(profile);
    CHECK(profile->cardinality == ErCardinality::OneToOne);   // its key is the foreign key
    const ErRelationship* tags = relationship("tasks", "tags");
    REQUIRE(tags);
    CHECK(tags->cardinality == ErCardinality::ManyToMany);
    REQUIRE(tags->link);
    CHECK(m.entities[*tags->link].name == "task_tags");
    CHECK(m.relationships.size() == 4);
    const ErEntity& users = m.entities[*m.find("users")];
    CHECK(users.columns[1].unique);   // email, through its UNIQUE constraint's index
}
