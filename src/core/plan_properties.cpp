// The property tables: one row per FORMAT JSON name the model has a field for. A row reads the
// value into the field with the reader that fits the field's type, so a table row cannot store
// text into a number or a list into a flag.
#include "plan_properties.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <string_view>
#include <unordered_map>

namespace pgplay {

namespace {

// ordered_json keeps an object's keys in the order PostgreSQL wrote them, so otherProperties do too.
using json = nlohmann::ordered_json;

const char* describeType(const json& v) {
    switch (v.type()) {
        case json::value_t::string: return "text";
        case json::value_t::boolean: return "true/false";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float: return "a number";
        case json::value_t::array: return "a list";
        case json::value_t::object: return "an object";
        case json::value_t::null: return "null";
        default: return "something else";
    }
}

std::string shouldBe(const char* wanted, const json& v) { return std::string("should be ") + wanted + ", not " + describeType(v); }

// [SECTION] Readers, one per field type ------------------------------------------------------

std::string read(const json& v, std::string& out) {
    if (!v.is_string()) return shouldBe("text", v);
    out = v.get<std::string>();
    return {};
}

std::string read(const json& v, std::optional<std::string>& out) {
    std::string s;
    std::string error = read(v, s);
    if (error.empty()) out = std::move(s);
    return error;
}

std::string read(const json& v, double& out) {
    if (!v.is_number()) return shouldBe("a number", v);
    const double d = v.get<double>();
    if (!std::isfinite(d) || std::fabs(d) > kLargestPlanFigure) return "is out of range (" + propertyText(v) + ")";
    out = d;
    return {};
}

std::string read(const json& v, std::optional<double>& out) {
    double d = 0;
    std::string error = read(v, d);
    if (error.empty()) out = d;
    return error;
}

std::string read(const json& v, int64_t& out) {
    double d = 0;
    std::string error = read(v, d);
    if (!error.empty()) return error;
    if (d != std::floor(d)) return shouldBe("a whole number", v);
    out = static_cast<int64_t>(d);
    return {};
}

std::string read(const json& v, std::optional<int64_t>& out) {
    int64_t n = 0;
    std::string error = read(v, n);
    if (error.empty()) out = n;
    return error;
}

std::string read(const json& v, int& out) {
    int64_t n = 0;
    std::string error = read(v, n);
    if (!error.empty()) return error;
    if (n < -2147483647 || n > 2147483647) return "is out of range (" + propertyText(v) + ")";
    out = static_cast<int>(n);
    return {};
}

std::string read(const json& v, std::optional<int>& out) {
    int n = 0;
    std::string error = read(v, n);
    if (error.empty()) out = n;
    return error;
}

std::string read(const json& v, bool& out) {
    if (!v.is_boolean()) return shouldBe("true or false", v);
    out = v.get<bool>();
    return {};
}

std::string read(const json& v, std::vector<std::string>& out) {
    if (!v.is_array()) return shouldBe("a list of text", v);
    std::vector<std::string> items;
    for (const json& item : v) {
        if (!item.is_string()) return shouldBe("a list of text", v);
        items.push_back(item.get<std::string>());
    }
    out = std::move(items);
    return {};
}

std::string read(const json& v, std::optional<std::vector<std::string>>& out) {
    std::vector<std::string> items;
    std::string error = read(v, items);
    if (error.empty()) out = std::move(items);
    return error;
}

std::string read(const json& v, SortSpace& out) {
    std::string s;
    std::string error = read(v, s);
    if (!error.empty()) return error;
    out = s == "Memory" ? SortSpace::Memory : s == "Disk" ? SortSpace::Disk : SortSpace::None;
    return {};
}

template <class Owner, auto Member>
std::string assign(Owner& owner, const json& value) {
    return read(value, owner.*Member);
}

using NodeSetter = std::string (*)(PlanNode&, const json&);
using WorkerSetter = std::string (*)(PlanWorker&, const json&);
using BuffersSetter = std::string (*)(PlanBuffers&, const json&);

template <auto Member>
constexpr NodeSetter nodeField = &assign<PlanNode, Member>;
template <auto Member>
constexpr WorkerSetter workerField = &assign<PlanWorker, Member>;
template <auto Member>
constexpr BuffersSetter buffersField = &assign<PlanBuffers, Member>;

// Adds a time to an optional sum: PostgreSQL 17 reports shared and local I/O times apart, the
// model keeps them together as 15 did.
template <auto Member>
std::string addTime(PlanBuffers& b, const json& v) {
    double ms = 0;
    std::string error = read(v, ms);
    if (error.empty()) b.*Member = (b.*Member).value_or(0) + ms;
    return error;
}

// [SECTION] Tables ---------------------------------------------------------------------------

const std::unordered_map<std::string_view, BuffersSetter>& buffersTable() {
    static const std::unordered_map<std::string_view, BuffersSetter> table = {
        {"Shared Hit Blocks", buffersField<&PlanBuffers::sharedHit>},
        {"Shared Read Blocks", buffersField<&PlanBuffers::sharedRead>},
        {"Shared Dirtied Blocks", buffersField<&PlanBuffers::sharedDirtied>},
        {"Shared Written Blocks", buffersField<&PlanBuffers::sharedWritten>},
        {"Local Hit Blocks", buffersField<&PlanBuffers::localHit>},
        {"Local Read Blocks", buffersField<&PlanBuffers::localRead>},
        {"Local Dirtied Blocks", buffersField<&PlanBuffers::localDirtied>},
        {"Local Written Blocks", buffersField<&PlanBuffers::localWritten>},
        {"Temp Read Blocks", buffersField<&PlanBuffers::tempRead>},
        {"Temp Written Blocks", buffersField<&PlanBuffers::tempWritten>},
        {"I/O Read Time", addTime<&PlanBuffers::ioReadMs>},
        {"I/O Write Time", addTime<&PlanBuffers::ioWriteMs>},
        {"Shared I/O Read Time", addTime<&PlanBuffers::ioReadMs>},
        {"Shared I/O Write Time", addTime<&PlanBuffers::ioWriteMs>},
        {"Local I/O Read Time", addTime<&PlanBuffers::ioReadMs>},
        {"Local I/O Write Time", addTime<&PlanBuffers::ioWriteMs>},
        {"Temp I/O Read Time", addTime<&PlanBuffers::tempIoReadMs>},
        {"Temp I/O Write Time", addTime<&PlanBuffers::tempIoWriteMs>},
    };
    return table;
}

// Costs come as a group: any of them means COSTS was on.
template <auto Member>
std::string costField(PlanNode& n, const json& v) {
    std::string error = read(v, n.*Member);
    if (error.empty()) n.hasCosts = true;
    return error;
}

template <auto Member>
std::string walField(PlanNode& n, const json& v) {
    int64_t count = 0;
    std::string error = read(v, count);
    if (!error.empty()) return error;
    if (!n.wal) n.wal = PlanWal{};
    (*n.wal).*Member = count;
    return {};
}

const std::unordered_map<std::string_view, NodeSetter>& nodeTable() {
    static const std::unordered_map<std::string_view, NodeSetter> table = {
        {"Node Type", nodeField<&PlanNode::nodeType>},
        {"Strategy", nodeField<&PlanNode::strategy>},
        {"Partial Mode", nodeField<&PlanNode::partialMode>},
        {"Join Type", nodeField<&PlanNode::joinType>},
        {"Command", nodeField<&PlanNode::command>},
        {"Operation", nodeField<&PlanNode::operation>},
        {"Scan Direction", nodeField<&PlanNode::scanDirection>},
        {"Custom Plan Provider", nodeField<&PlanNode::customPlanProvider>},
        {"Parallel Aware", nodeField<&PlanNode::parallelAware>},
        {"Async Capable", nodeField<&PlanNode::asyncCapable>},
        {"Parent Relationship", nodeField<&PlanNode::parentRelationship>},
        {"Subplan Name", nodeField<&PlanNode::subplanName>},
        {"Relation Name", nodeField<&PlanNode::relation>},
        {"Schema", nodeField<&PlanNode::schema>},
        {"Alias", nodeField<&PlanNode::alias>},
        {"Index Name", nodeField<&PlanNode::index>},
        {"CTE Name", nodeField<&PlanNode::cteName>},
        {"Function Name", nodeField<&PlanNode::functionName>},
        {"Startup Cost", costField<&PlanNode::startupCost>},
        {"Total Cost", costField<&PlanNode::totalCost>},
        {"Plan Rows", costField<&PlanNode::estimatedRows>},
        {"Plan Width", costField<&PlanNode::planWidth>},
        {"Actual Startup Time", nodeField<&PlanNode::actualStartupMs>},
        {"Actual Total Time", nodeField<&PlanNode::actualTotalMs>},
        {"Actual Rows", nodeField<&PlanNode::actualRows>},
        {"Actual Loops", nodeField<&PlanNode::loops>},
        {"Filter", nodeField<&PlanNode::filter>},
        {"Join Filter", nodeField<&PlanNode::joinFilter>},
        {"Index Cond", nodeField<&PlanNode::indexCond>},
        {"Recheck Cond", nodeField<&PlanNode::recheckCond>},
        {"Hash Cond", nodeField<&PlanNode::hashCond>},
        {"Merge Cond", nodeField<&PlanNode::mergeCond>},
        {"One-Time Filter", nodeField<&PlanNode::oneTimeFilter>},
        {"Rows Removed by Filter", nodeField<&PlanNode::rowsRemovedByFilter>},
        {"Rows Removed by Join Filter", nodeField<&PlanNode::rowsRemovedByJoinFilter>},
        {"Rows Removed by Index Recheck", nodeField<&PlanNode::rowsRemovedByIndexRecheck>},
        {"Sort Key", nodeField<&PlanNode::sortKey>},
        {"Presorted Key", nodeField<&PlanNode::presortedKey>},
        {"Group Key", nodeField<&PlanNode::groupKey>},
        {"Output", nodeField<&PlanNode::output>},
        {"Sort Method", nodeField<&PlanNode::sortMethod>},
        {"Sort Space Used", nodeField<&PlanNode::sortSpaceUsedKb>},
        {"Sort Space Type", nodeField<&PlanNode::sortSpaceType>},
        {"Hash Buckets", nodeField<&PlanNode::hashBuckets>},
        {"Original Hash Buckets", nodeField<&PlanNode::originalHashBuckets>},
        {"Hash Batches", nodeField<&PlanNode::hashBatches>},
        {"Original Hash Batches", nodeField<&PlanNode::originalHashBatches>},
        {"HashAgg Batches", nodeField<&PlanNode::hashAggBatches>},
        {"Planned Partitions", nodeField<&PlanNode::plannedPartitions>},
        {"Peak Memory Usage", nodeField<&PlanNode::peakMemoryKb>},
        {"Disk Usage", nodeField<&PlanNode::diskUsageKb>},
        {"Cache Hits", nodeField<&PlanNode::cacheHits>},
        {"Cache Misses", nodeField<&PlanNode::cacheMisses>},
        {"Cache Evictions", nodeField<&PlanNode::cacheEvictions>},
        {"Cache Overflows", nodeField<&PlanNode::cacheOverflows>},
        {"Cache Key", nodeField<&PlanNode::cacheKey>},
        {"Heap Fetches", nodeField<&PlanNode::heapFetches>},
        {"Exact Heap Blocks", nodeField<&PlanNode::exactHeapBlocks>},
        {"Lossy Heap Blocks", nodeField<&PlanNode::lossyHeapBlocks>},
        {"Workers Planned", nodeField<&PlanNode::workersPlanned>},
        {"Workers Launched", nodeField<&PlanNode::workersLaunched>},
        {"Single Copy", nodeField<&PlanNode::singleCopy>},
        {"WAL Records", walField<&PlanWal::records>},
        {"WAL FPI", walField<&PlanWal::fullPageImages>},
        {"WAL Bytes", walField<&PlanWal::bytes>},
    };
    return table;
}

const std::unordered_map<std::string_view, WorkerSetter>& workerTable() {
    static const std::unordered_map<std::string_view, WorkerSetter> table = {
        {"Worker Number", workerField<&PlanWorker::number>},
        {"Actual Startup Time", workerField<&PlanWorker::actualStartupMs>},
        {"Actual Total Time", workerField<&PlanWorker::actualTotalMs>},
        {"Actual Rows", workerField<&PlanWorker::actualRows>},
        {"Actual Loops", workerField<&PlanWorker::loops>},
        {"Sort Method", workerField<&PlanWorker::sortMethod>},
        {"Sort Space Used", workerField<&PlanWorker::sortSpaceUsedKb>},
        {"Sort Space Type", workerField<&PlanWorker::sortSpaceType>},
    };
    return table;
}

// Returns true (and the outcome in `error`) when `name` is a buffer counter or I/O time.
bool applyBuffers(PlanBuffers& buffers, const std::string& name, const json& value, std::string& error) {
    const auto& table = buffersTable();
    const auto it = table.find(name);
    if (it == table.end()) return false;
    error = it->second(buffers, value);
    return true;
}

std::string applyTrigger(PlanTrigger& t, const json& item) {
    if (!item.is_object()) return shouldBe("a list of objects", item);
    for (const auto& [key, value] : item.items()) {
        std::string error;
        if (key == "Trigger Name") error = read(value, t.name);
        else if (key == "Constraint Name") error = read(value, t.constraintName);
        else if (key == "Relation") error = read(value, t.relation);
        else if (key == "Time") error = read(value, t.timeMs);
        else if (key == "Calls") error = read(value, t.calls);
        if (!error.empty()) return "has \"" + key + "\" that " + error;
    }
    return {};
}

std::string applyJit(Plan& plan, const json& jit) {
    if (!jit.is_object()) return shouldBe("an object", jit);
    for (const auto& [key, value] : jit.items()) {
        std::string error;
        if (key == "Functions") {
            error = read(value, plan.jitFunctions);
        } else if (key == "Timing" && value.is_object() && value.contains("Total")) {
            error = read(value["Total"], plan.jitTotalMs);
        } else {
            plan.otherProperties.push_back({"JIT " + key, propertyText(value)});
        }
        if (!error.empty()) return "has \"" + key + "\" that " + error;
    }
    return {};
}

}  // namespace

std::string propertyText(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::string out;
        for (const json& item : value) out += (out.empty() ? "" : ", ") + propertyText(item);
        return out;
    }
    // Replacing bad UTF-8 instead of throwing: a string from a pasted text plan can hold any bytes.
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string applyNodeProperty(PlanNode& node, const std::string& name, const json& value) {
    const auto& table = nodeTable();
    if (const auto it = table.find(name); it != table.end()) return it->second(node, value);
    std::string error;
    if (applyBuffers(node.buffers, name, value, error)) return error;
    node.otherProperties.push_back({name, propertyText(value)});
    return {};
}

std::string applyWorkerProperty(PlanWorker& worker, const std::string& name, const json& value) {
    const auto& table = workerTable();
    if (const auto it = table.find(name); it != table.end()) return it->second(worker, value);
    std::string error;
    if (applyBuffers(worker.buffers, name, value, error)) return error;
    worker.otherProperties.push_back({name, propertyText(value)});
    return {};
}

std::string applyPlanProperty(Plan& plan, const std::string& name, const json& value) {
    if (name == "Planning Time") return read(value, plan.planningMs);
    // "Total Runtime" is what PostgreSQL 9.3 and older called the execution time.
    if (name == "Execution Time" || name == "Total Runtime") return read(value, plan.executionMs);
    if (name == "Triggers") {
        if (!value.is_array()) return shouldBe("a list", value);
        for (const json& item : value) {
            PlanTrigger t;
            std::string error = applyTrigger(t, item);
            if (!error.empty()) return error;
            plan.triggers.push_back(std::move(t));
        }
        return {};
    }
    if (name == "Settings") {
        if (!value.is_object()) return shouldBe("an object", value);
        for (const auto& [setting, setTo] : value.items()) plan.settings.push_back({setting, propertyText(setTo)});
        return {};
    }
    if (name == "Planning") {
        if (!value.is_object()) return shouldBe("an object", value);
        for (const auto& [key, item] : value.items()) {
            std::string error;
            if (!applyBuffers(plan.planningBuffers, key, item, error)) plan.otherProperties.push_back({"Planning " + key, propertyText(item)});
            if (!error.empty()) return "has \"" + key + "\" that " + error;
        }
        return {};
    }
    if (name == "JIT") return applyJit(plan, value);
    plan.otherProperties.push_back({name, propertyText(value)});
    return {};
}

}  // namespace pgplay
