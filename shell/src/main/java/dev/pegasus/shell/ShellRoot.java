package dev.pegasus.shell;

import picocli.CommandLine.Command;

/** The commands one shell statement can run; each subcommand reaches the session through this root. */
@Command(name = "", subcommands = {
        TableCommands.Ls.class, TableCommands.Create.class, TableCommands.Drop.class, TableCommands.Recall.class,
        TableCommands.Use.class, TableCommands.App.class, TableCommands.SetAppEnv.class, TableCommands.DelAppEnv.class,
        DataCommands.Set.class, DataCommands.Get.class, DataCommands.Del.class, DataCommands.Exist.class,
        DataCommands.Ttl.class, DataCommands.Incr.class, DataCommands.MultiSet.class, DataCommands.MultiGet.class,
        DataCommands.MultiDel.class, DataCommands.SortKeyCount.class, DataCommands.Hash.class,
        ScanCommands.Scan.class, ScanCommands.FullScan.class, ScanCommands.CountData.class,
        ClusterCommands.Nodes.class, ClusterCommands.ClusterInfo.class, BalanceCommands.SetMetaLevel.class,
        BalanceCommands.GetMetaLevel.class, BalanceCommands.Balance.class, BalanceCommands.Decommission.class,
        SplitCommands.Split.class, RecoveryCommands.RecoverPartition.class, DuplicationCommands.Dup.class})
final class ShellRoot {
    final ShellSession session;

    ShellRoot(ShellSession session) {
        this.session = session;
    }
}
