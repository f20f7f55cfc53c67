# Build the Windows installer of 支部台账 BranchDesk.
# Needs: 64-bit Windows 10 1809+ or Windows 11, 64-bit Python 3.11+ (python.org), Inno Setup 6.3+ (iscc.exe).
# Run from anywhere:   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
# Result: build\installer\BranchDesk-<version>-setup.exe and the portable folder build\bundle\dist\BranchDesk.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

python -m pip install --upgrade pip
python -m pip install -e ".[postgres]" pyinstaller
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

# The version shown in 关于, in Explorer and by the installer: the package metadata.
$version = (python -c "import branchdesk; print(branchdesk.__version__)").Trim()

# Build the bundle and smoke-test it (demo database, window offscreen, portable mode).
python packaging\build_bundle.py
if ($LASTEXITCODE -ne 0) { throw "bundle build or smoke test failed" }

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) { throw "Inno Setup 6 not found: install it from https://jrsoftware.org/isdl.php" }
& $iscc "/DAppVersion=$version" packaging\branchdesk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

# The portable copy for a USB drive: the same folder with the marker file, zipped.
$portable = "build\portable\BranchDesk"
if (Test-Path "build\portable") { Remove-Item -Recurse -Force "build\portable" }
New-Item -ItemType Directory -Force $portable | Out-Null
Copy-Item -Recurse "build\bundle\dist\BranchDesk\*" $portable
Set-Content -Encoding UTF8 "$portable\portable.txt" "BranchDesk 便携模式：数据库、备份和设置保存在本文件夹的 BranchDesk-data 中。"
Compress-Archive -Force -Path $portable -DestinationPath "build\installer\BranchDesk-$version-portable.zip"
Get-ChildItem build\installer | Format-Table Name, Length
