import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync

extension World {
    mutating func process(_ event: Event) {
        switch event {
        case .workload(let step):
            workloadStep(step)
        case .scan(let number, let incarnation):
            guard nodes[number].isUp, nodes[number].incarnation == incarnation else { return }
            nodes[number].scanScheduled = false
            scan(number)
        case .diskEffect(let number, let incarnation, let token, let operation):
            guard nodes[number].isUp, nodes[number].incarnation == incarnation else { return }
            diskEffect(number, token, operation)
        case .diskNotify(let number, let incarnation, let token, let outcome):
            guard nodes[number].incarnation == incarnation else { return }
            record("n\(number) done \(token)")
            handle(number, .diskOperationFinished(token, outcome))
        case .deliver(let from, let to, let id, let message):
            guard connections[pairKey(from, to)]?.id == id else { return }
            record("n\(to) <- n\(from) \(Self.summary(message))")
            handle(to, .messageReceived(from: nodes[from].device, message))
        case .connect(let a, let b):
            connect(a, b)
        case .timer(let number, let incarnation, let id, let generation):
            guard nodes[number].incarnation == incarnation, nodes[number].timers[id] == generation else { return }
            nodes[number].timers[id] = nil
            record("n\(number) timer")
            handle(number, .timerFired(id))
        case .crash(let number):
            crash(number)
        case .restart(let number):
            guard chaos else { return }
            record("n\(number) restart")
            restart(number)
        case .partition:
            partition()
        case .healPartition:
            guard groups != nil else { return }
            record("heal partition")
            groups = nil
            reconnectAll()
        case .healAll:
            record("heal all")
            chaos = false
            healedAt = now
            groups = nil
            for number in nodes.indices { restart(number) }
            reconnectAll()
        }
    }

    // MARK: - The user and the chaos

    private mutating func workloadStep(_ step: Int) {
        let up = nodes.indices.filter { nodes[$0].isUp }
        if let number = up.isEmpty ? nil : random.pick(up) {
            let description = workload.step(on: &nodes[number].disk, random: &random, now: now + nodes[number].clockSkew)
            record("n\(number) user \(description)")
            scheduleScan(number, after: random.inRange(5...60) * Self.millisecond)
        }
        if random.chance(3), groups == nil { queue.schedule(.partition, at: now) }
        if random.chance(2), up.count > 1 { queue.schedule(.crash(random.pick(up)), at: now) }
        if random.chance(2), !connections.isEmpty {
            let key = random.pick(connections.keys.sorted())
            stats.drops += 1
            close(key / 64, key % 64, reason: "dropped")
        }
        if step + 1 < options.operations {
            queue.schedule(.workload(step: step + 1), at: now + random.inRange(5...80) * Self.millisecond)
        } else {
            queue.schedule(.healAll, at: now + Self.millisecond)
        }
    }

    private mutating func crash(_ number: Int) {
        guard nodes[number].isUp else { return }
        record("n\(number) crash")
        stats.crashes += 1
        nodes[number].engine = nil
        nodes[number].incarnation += 1
        nodes[number].timers = [:]
        nodes[number].scanScheduled = false
        for other in nodes.indices where connections[pairKey(number, other)] != nil {
            close(number, other, reason: "crash")
        }
        queue.schedule(.restart(number), at: now + random.inRange(200...3000) * Self.millisecond)
    }

    private mutating func partition() {
        guard groups == nil else { return }
        var split = nodes.indices.map { _ in random.below(2) }
        if Set(split).count == 1 { split[random.below(split.count)] ^= 1 }
        groups = split
        stats.partitions += 1
        record("partition \(split)")
        for a in nodes.indices {
            for b in a + 1..<nodes.count where split[a] != split[b] && connections[pairKey(a, b)] != nil {
                close(a, b, reason: "partition")
            }
        }
        queue.schedule(.healPartition, at: now + random.inRange(500...4000) * Self.millisecond)
    }

    // MARK: - Disks

    private mutating func scan(_ number: Int) {
        do {
            let full = nodes[number].fullScanDue
            nodes[number].fullScanDue = false
            let changed = try scanner[number].scan(&nodes[number].disk, into: nodes[number].index, full: full)
            for record in changed { history[record.path, default: []].append(record) }
            record("n\(number) scan \(changed.count)")
            handle(number, .scanFinished(Self.folder))
        } catch {
            failure = "n\(number) scan failed: \(error)"
        }
    }

    private mutating func diskEffect(_ number: Int, _ token: OperationToken, _ operation: DiskOperation) {
        var fault: DiskError?
        if chaos, Self.canFail(operation), random.chance(1) {
            fault = random.chance(50) ? .noSpace : .io("injected I/O error")
            stats.diskFaults += 1
        }
        let effect = nodes[number].disk.perform(operation, fault: fault)
        discarded += effect.discarded
        if effect.conflictCopy { stats.conflictCopies += 1 }
        record("n\(number) disk \(token) \(Self.summary(operation)) \(Self.summary(effect.outcome))")
        queue.schedule(
            .diskNotify(node: number, incarnation: nodes[number].incarnation, token, effect.outcome), at: now + 20_000)
    }

    /// Whether a fault can be injected into `operation`: the ones that
    /// write (a failed read is modelled as a changed source instead).
    private static func canFail(_ operation: DiskOperation) -> Bool {
        switch operation {
        case .writeTemporary, .commitFile, .makeDirectory, .makeSymlink, .remove: true
        case .readBlock, .discardTemporary, .removeAllTemporaries, .setPermissions: false
        }
    }

    // MARK: - Commands

    mutating func execute(_ command: NodeCommand, on number: Int) {
        switch command {
        case .send(let device, let message):
            guard let to = nodeByDevice[device], var connection = connections[pairKey(number, to)] else { return }
            let side = number < to ? 0 : 1
            let transfer = SimTime(Self.size(of: message)) * 20  // about 50 MB/s
            let arrival = max(now + latency[number][to] + transfer, connection.lastArrival[side])
            connection.lastArrival[side] = arrival
            connections[pairKey(number, to)] = connection
            queue.schedule(.deliver(from: number, to: to, connection: connection.id, message), at: arrival)
        case .disconnect(let device, let reason):
            guard let other = nodeByDevice[device] else { return }
            log(number, "disconnect \(nodes[other].name): \(reason)")
            stats.drops += 1
            close(number, other, reason: reason)
        case .disk(let token, _, let operation):
            let start = max(now, nodes[number].diskBusyUntil)
            let done = start + random.inRange(200...2000) * 1000
            nodes[number].diskBusyUntil = done
            queue.schedule(.diskEffect(node: number, incarnation: nodes[number].incarnation, token, operation), at: done)
        case .scan:
            scheduleScan(number, after: 5 * Self.millisecond)
        case .startTimer(let id, let delay):
            let generation = (nodes[number].timers[id] ?? 0) + 1
            nodes[number].timers[id] = generation
            let (seconds, attoseconds) = delay.components
            let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
            queue.schedule(
                .timer(node: number, incarnation: nodes[number].incarnation, id, generation: generation),
                at: now + nanoseconds)
        case .log(_, let text):
            log(number, text)
        }
    }

    private mutating func log(_ number: Int, _ text: String) {
        recentLog.append("\(now / Self.millisecond) ms n\(number): \(text)")
        if options.verbose { print("\(now / 1000) µs n\(number) log: \(text)") }
        if recentLog.count > 100 { recentLog.removeFirst(50) }
    }
}
