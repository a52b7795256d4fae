namespace EnforcementFlows.Storage;

/// <summary>The participants of one transaction attempt, for a store's writer (see <see cref="ICommitParticipant"/>).</summary>
internal sealed class CommitParticipants
{
    private readonly List<ICommitParticipant> _all = [];
    private int[] _marks = [];

    private int _markedCount;

    /// <summary>Any transaction view over the writer's session: what <see cref="ICommitParticipant.BeforeCommit"/> writes through.</summary>
    private IDomainTransaction? _transaction;

    public bool IsEmpty => _all.Count == 0;

    public T Get<T>(IDomainTransaction transaction) where T : class, ICommitParticipant, new()
    {
        _transaction = transaction;
        foreach (var participant in _all)
        {
            if (participant is T found)
            {
                return found;
            }
        }
        var created = new T();
        _all.Add(created);
        return created;
    }

    /// <summary>Before an operation runs.</summary>
    public void MarkOperationStart()
    {
        if (_marks.Length < _all.Count)
        {
            _marks = new int[_all.Count * 2];
        }
        for (var i = 0; i < _all.Count; i++)
        {
            _marks[i] = _all[i].Mark;
        }
        _markedCount = _all.Count;
    }

    /// <summary>The operation failed: participants it created start over, the others return to their marks.</summary>
    public void RollbackOperation()
    {
        for (var i = 0; i < _all.Count; i++)
        {
            _all[i].RollbackTo(i < _markedCount ? _marks[i] : 0);
        }
    }

    public void BeforeCommit()
    {
        foreach (var participant in _all)
        {
            participant.BeforeCommit(_transaction!);
        }
    }

    public void Clear()
    {
        _all.Clear();
        _markedCount = 0;
        _transaction = null;
    }
}
