using System.Globalization;

namespace Cion.Tests.Support;

/// <summary>
/// A real account on this machine for a test (useradd, no home), to run git and cion as someone
/// other than root; removed by <see cref="Dispose"/> (userdel, with its own group). One that a
/// run which died left behind is removed before it is made again.
/// </summary>
public sealed class SystemUser : IDisposable
{
    public string Name { get; }

    public uint Uid { get; }

    private SystemUser(string name, uint uid)
    {
        Name = name;
        Uid = uid;
    }

    /// <param name="groups">Supplementary groups, which must exist (see <see cref="CreateGroup"/>).</param>
    public static SystemUser Create(string name, params string[] groups)
    {
        Remove(name);
        Shell.Check("useradd", ["--no-create-home", "--shell", "/bin/sh", "--user-group", .. groups.Length > 0 ? ["--groups", string.Join(',', groups)] : Array.Empty<string>(), name]);
        return new SystemUser(name, uint.Parse(Shell.Check("id", ["-u", name]).Stdout.Trim(), CultureInfo.InvariantCulture));
    }

    /// <summary>Makes a group (removing a stale one first); <see cref="RemoveGroup"/> removes it.</summary>
    public static void CreateGroup(string name)
    {
        RemoveGroup(name);
        Shell.Check("groupadd", [name]);
    }

    public static void RemoveGroup(string name)
    {
        if (Shell.Run("getent", "group", name).ExitCode == 0) Shell.Check("groupdel", [name]);
    }

    /// <summary>Runs a program as this user (runuser: HOME, USER and LOGNAME become this user's).</summary>
    public Shell.Result Run(string program, IEnumerable<string> args, string? workingDir = null,
        IDictionary<string, string?>? env = null, string? stdin = null) =>
        Shell.Run("runuser", ["-u", Name, "--", program, .. args], workingDir, env, stdin);

    /// <summary>Gives the user these files and folders, everything below them included.</summary>
    public void Own(params string[] paths) => Shell.Check("chown", ["-R", $"{Name}:{Name}", .. paths]);

    public void Dispose() => Remove(Name);

    private static void Remove(string name)
    {
        if (Shell.Run("id", "-u", name).ExitCode == 0) Shell.Check("userdel", [name]);
        RemoveGroup(name); // its own group, if userdel left it (a run that died between the two)
    }
}
