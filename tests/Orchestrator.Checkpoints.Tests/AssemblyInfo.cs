// Storage tests move hundreds of MiB through emulators on a shared 2-core machine: one at a time is faster overall.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
