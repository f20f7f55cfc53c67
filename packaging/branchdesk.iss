; Inno Setup 6 script (UTF-8 with BOM, as Inno Setup needs for Chinese text): the Windows installer for 支部台账 BranchDesk.
;
; Build the one-folder bundle first (packaging\build_windows.ps1 does both steps), then:
;   iscc /DAppVersion=0.1.0 packaging\branchdesk.iss
; AppVersion comes from the package metadata (python -c "import branchdesk; print(branchdesk.__version__)"),
; so the installer, the program's 关于 dialog and Explorer's 详细信息 all show the same version.
;
; The installer copies the program only. The user's data (database, backups, settings) lives in
; %APPDATA%\BranchDesk\BranchDesk, which this installer never writes and the uninstaller never deletes:
; uninstalling, upgrading or reinstalling keeps every record.

#ifndef AppVersion
  #error 请用 /DAppVersion=x.y.z 传入版本号（branchdesk.__version__）
#endif
#ifndef BundleDir
  #define BundleDir "..\build\bundle\dist\BranchDesk"
#endif
#define AppName "支部台账 BranchDesk"
#define AppExe "branchdesk.exe"

[Setup]
; Never change AppId: upgrades find the earlier installation by it.
AppId={{6B0E3C51-7A4D-4B7E-9C2F-5B1D8E0A9F27}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=BranchDesk
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\BranchDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-machine by default; a teacher without administrator rights can install for herself only.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
; Qt 6 needs 64-bit Windows 10 1809 (build 17763) or later, or Windows 11.
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\build\installer
OutputBaseFilename=BranchDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\branchdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
; Inno Setup 6.3+ ships Simplified Chinese; older 6.x keep it under Languages\Unofficial.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(CompilerPath + "Languages\Unofficial\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#else
  #error 缺少 ChineseSimplified.isl：请安装 Inno Setup 6.3 或更新版本（或把 jrsoftware.org/files/istrans 中的该文件放入 Languages 文件夹）
#endif

[CustomMessages]
chs.DesktopIcon=在桌面上创建快捷方式
chs.ShortcutGroup=快捷方式：
chs.LaunchNow=立即运行 支部台账
chs.UninstallShortcut=卸载 支部台账
chs.DataKept=卸载时不会删除您的数据。%n%n数据库、备份和设置保存在：%n%1%n%n如需彻底删除，请在确认已另行备份后手动删除该文件夹。

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:ShortcutGroup}"

[Files]
; Never ship a portable marker or portable data in an installed copy (data would go under Program Files).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Excludes: "portable.txt,BranchDesk-data"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Comment: "中小学校党支部台账管理"
Name: "{autoprograms}\{cm:UninstallShortcut}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may have written inside its own folder (Python caches). The user's
; data folder is deliberately NOT listed here.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { Tell the user where the kept data is, so nobody thinks the records are gone or lost. }
  if (CurUninstallStep = usPostUninstall) and (not UninstallSilent) then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{userappdata}\BranchDesk\BranchDesk')]),
           mbInformation, MB_OK);
end;
